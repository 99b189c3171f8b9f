package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV text with a header line read into rows of column name to text, as dbt reads a unit test's {@code format: csv}
 * rows and fixture files (Python's {@code csv.DictReader}): quotes ({@code "a, b"}, {@code ""} for a quote), an empty
 * value is NULL. A row with more or fewer values than the header is an error naming its line, where DictReader would
 * silently pad or drop values.
 */
final class CsvText {

    private CsvText() {}

    /**
     * The rows of {@code text}.
     *
     * @param file where the text is, for errors
     * @param firstLine the file line of the text's first line (1 for a file of its own)
     * @throws ProjectException naming the file and line of a malformed row
     */
    static List<Map<String, Object>> rows(String text, Path file, int firstLine) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = firstLine;
        int recordLine = firstLine;
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < body.length() && body.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                record.add(value(field));
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(value(field));
                field.setLength(0);
                wasQuoted = false;
                if (!(record.size() == 1 && record.get(0) == null)) {
                    records.add(record);
                    lines.add(recordLine);
                }
                record = new ArrayList<>();
                line++;
                recordLine = line;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new ProjectException("a quoted CSV value is not closed; add the closing \"", file, recordLine, null);
        }
        if (!field.isEmpty() || !record.isEmpty() || wasQuoted) {
            record.add(value(field));
            records.add(record);
            lines.add(recordLine);
        }
        if (records.isEmpty()) {
            throw new ProjectException("the CSV rows have no header line naming the columns", file, firstLine, null);
        }
        List<String> header = new ArrayList<>();
        for (String column : records.get(0)) {
            if (column == null || column.isBlank()) {
                throw new ProjectException(
                        "the CSV header has an empty column name: %s".formatted(records.get(0)),
                        file,
                        lines.get(0),
                        null);
            }
            header.add(column.strip());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> values = records.get(r);
            if (values.size() != header.size()) {
                throw new ProjectException(
                        "this CSV row has %d values but the header names %d columns (%s)"
                                .formatted(values.size(), header.size(), String.join(", ", header)),
                        file,
                        lines.get(r),
                        null);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), values.get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    /** An empty value is NULL, as dbt reads CSV rows ({@code ,,} and {@code ,"",} alike); others stay as written. */
    private static String value(StringBuilder field) {
        return field.isEmpty() ? null : field.toString();
    }
}
