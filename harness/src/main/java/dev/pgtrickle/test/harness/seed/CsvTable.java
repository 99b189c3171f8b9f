package dev.pgtrickle.test.harness.seed;

import java.util.List;

/**
 * A parsed CSV file: the header and the data rows. Empty fields are {@code null}.
 *
 * @param header column names from the first record
 * @param rows data records, each as wide as the header
 */
record CsvTable(List<String> header, List<Row> rows) {

    /**
     * One data record.
     *
     * @param line the 1-based line of the file where the record starts
     * @param values one value per column; {@code null} for an empty field
     */
    record Row(long line, List<String> values) {}
}
