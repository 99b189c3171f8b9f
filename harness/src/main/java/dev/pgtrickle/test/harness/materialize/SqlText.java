package dev.pgtrickle.test.harness.materialize;

import java.util.regex.Pattern;

/**
 * SQL text helpers shared by the materializations: literals, dollar quoting, whitespace-insensitive comparison (public
 * for the upgrade check, whose "modified" must mean what the query-change detection means).
 */
public final class SqlText {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String PREFERRED_TAG = "pgtrickle";

    private SqlText() {}

    /** A standard SQL string literal ({@code 'it''s'}); the server runs with standard_conforming_strings on. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * The query as a dollar-quoted literal, {@code $pgtrickle$...$pgtrickle$} as dbt-pgtrickle writes it. When the
     * query itself contains that delimiter, a numbered tag ({@code $pgtrickle_1$}, ...) that does not occur in it is
     * used instead, so no query can end the literal early.
     */
    static String dollarQuoted(String query) {
        String tag = PREFERRED_TAG;
        for (int i = 1; query.contains("$" + tag + "$") || query.endsWith("$" + tag); i++) {
            tag = PREFERRED_TAG + "_" + i;
        }
        return "$" + tag + "$" + query + "$" + tag + "$";
    }

    /**
     * The query with every run of whitespace collapsed to one space and the ends trimmed: the same normalisation
     * pg_trickle's {@code create_or_replace_stream_table} applies before comparing queries. A trailing semicolon is
     * dropped too (pg_trickle would reject it anyway).
     */
    public static String normalized(String query) {
        String collapsed = WHITESPACE.matcher(query).replaceAll(" ").trim();
        while (collapsed.endsWith(";")) {
            collapsed = collapsed.substring(0, collapsed.length() - 1).trim();
        }
        return collapsed;
    }
}
