package dev.pgtrickle.test.harness.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays a query's answer out as a text table the way agate's {@code print_table} does: a header row, a rule, one line
 * per row between {@code |} bars, numbers aligned right; rows and columns beyond the limits and text beyond the width
 * are cut off and shown as {@code ...}.
 */
final class TablePrinter {

    private static final String ELLIPSIS = "...";

    private TablePrinter() {}

    static String print(List<String> names, List<List<Object>> rows, int maxRows, int maxColumns, int maxColumnWidth) {
        int shownColumns = Math.min(names.size(), Math.max(0, maxColumns));
        boolean moreColumns = names.size() > shownColumns;
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int c = 0; c < shownColumns; c++) {
            header.add(cut(names.get(c), maxColumnWidth));
        }
        if (moreColumns) {
            header.add(ELLIPSIS);
        }
        int shownRows = Math.min(rows.size(), Math.max(0, maxRows));
        for (int r = 0; r < shownRows; r++) {
            List<String> line = new ArrayList<>();
            for (int c = 0; c < shownColumns; c++) {
                Object value = rows.get(r).get(c);
                line.add(cut(value == null ? "" : String.valueOf(value), maxColumnWidth));
            }
            if (moreColumns) {
                line.add(ELLIPSIS);
            }
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        boolean[] numeric = new boolean[header.size()];
        boolean moreRows = rows.size() > shownRows;
        for (int c = 0; c < header.size(); c++) {
            widths[c] = moreRows
                    ? Math.max(header.get(c).length(), ELLIPSIS.length())
                    : header.get(c).length();
            numeric[c] = c < shownColumns && shownRows > 0;
            for (int r = 0; r < shownRows; r++) {
                widths[c] = Math.max(widths[c], cells.get(r).get(c).length());
                Object value = c < shownColumns ? rows.get(r).get(c) : null;
                numeric[c] &= value == null || value instanceof Number;
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths, new boolean[widths.length]);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths, new boolean[widths.length]);
        for (List<String> row : cells) {
            line(out, row, widths, numeric);
        }
        if (moreRows) {
            List<String> more = new ArrayList<>();
            for (int c = 0; c < widths.length; c++) {
                more.add(ELLIPSIS);
            }
            line(out, more, widths, new boolean[widths.length]);
        }
        return out.toString().stripTrailing();
    }

    private static void line(StringBuilder out, List<String> values, int[] widths, boolean[] right) {
        out.append('|');
        for (int c = 0; c < values.size(); c++) {
            String value = values.get(c);
            String pad = " ".repeat(widths[c] - value.length());
            out.append(' ').append(right[c] ? pad + value : value + pad).append(" |");
        }
        out.append('\n');
    }

    private static String cut(String text, int width) {
        return text.length() <= width || width <= ELLIPSIS.length()
                ? text
                : text.substring(0, width - ELLIPSIS.length()) + ELLIPSIS;
    }
}
