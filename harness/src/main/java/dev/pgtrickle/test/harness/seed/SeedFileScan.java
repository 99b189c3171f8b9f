package dev.pgtrickle.test.harness.seed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one streaming read of a seed file found: its header, how many rows follow, the type each column's values allow,
 * and whether the data can go to {@code COPY} byte for byte. Reading checks everything a load needs checked (UTF-8,
 * quoting, one value per column, a usable header) before the database is touched, without keeping the rows.
 *
 * @param header column names from the first record
 * @param rowCount the number of data records
 * @param inferredTypes one inferred PostgreSQL type per column
 * @param dataOffset the byte offset in the file where the first data record starts
 * @param copyableAsIs true when the bytes from {@code dataOffset} on mean to {@code COPY ... (FORMAT csv)} exactly what
 *     they mean to dbt
 * @param complete true when the whole file was read, false when reading stopped at a limit (the figures then cover the
 *     records read)
 */
record SeedFileScan(
        List<String> header,
        long rowCount,
        List<String> inferredTypes,
        long dataOffset,
        boolean copyableAsIs,
        boolean complete) {

    /** Sees each data record once it has been checked and its values counted in the types. */
    interface RecordVisitor<E extends Exception> {
        /**
         * @param reader positioned on the record
         * @param types the types each column's values allow so far, this record included
         */
        void visit(CsvRecordReader reader, SeedTypeInference[] types) throws E;
    }

    SeedFileScan {
        header = List.copyOf(header);
        inferredTypes = List.copyOf(inferredTypes);
    }

    /** Read {@code file} once; throws {@link SeedException} naming the file and line for anything malformed. */
    static SeedFileScan read(Path file, char delimiter) {
        return read(file, delimiter, Long.MAX_VALUE, (reader, types) -> {});
    }

    /**
     * Read the header and at most {@code limit} data records of {@code file}, handing each to {@code visitor}; {@link
     * #complete()} tells whether that was the whole file.
     */
    static <E extends Exception> SeedFileScan read(Path file, char delimiter, long limit, RecordVisitor<E> visitor)
            throws E {
        try (CsvRecordReader reader = CsvRecordReader.open(file, delimiter)) {
            if (!reader.next()) {
                throw new SeedFileException(
                        file, 0, "the file is empty; a seed needs at least a header line naming its columns", null);
            }
            long headerLine = reader.line();
            List<String> header = header(file, reader);
            long dataOffset = reader.offsetAfterRecord();
            SeedTypeInference[] columns = new SeedTypeInference[header.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = new SeedTypeInference();
            }
            long rows = 0;
            boolean complete = true;
            while (true) {
                if (rows == limit) {
                    complete = false;
                    break;
                }
                if (!reader.next()) {
                    break;
                }
                checkWidth(file, reader, headerLine, header.size());
                byte[] bytes = reader.bytes();
                for (int i = 0; i < columns.length; i++) {
                    int start = reader.start(i);
                    int end = reader.end(i);
                    if (!reader.isNull(i)) {
                        columns[i].accept(bytes, start, end);
                    }
                }
                visitor.visit(reader, columns);
                rows++;
            }
            List<String> types = new ArrayList<>();
            for (SeedTypeInference column : columns) {
                types.add(column.type());
            }
            return new SeedFileScan(header, rows, types, dataOffset, complete && reader.copyableAsIs(), complete);
        }
    }

    /**
     * The CSV file line where the record starts that {@code COPY} calls line {@code copyLine}, or 0 when there is none.
     * COPY counts the lines it was sent, including line breaks inside quoted fields, except in the first record (it
     * only counts those once it has seen a line end). Both ways of sending keep every record's line breaks.
     */
    static long lineOfCopyLine(Path file, char delimiter, long copyLine) {
        try (CsvRecordReader reader = CsvRecordReader.open(file, delimiter)) {
            reader.next(); // the header
            long next = 1;
            boolean first = true;
            while (reader.next()) {
                long last = next + (first ? 0 : reader.lineBreaksInside());
                if (copyLine >= next && copyLine <= last) {
                    return reader.line();
                }
                next = last + 1;
                first = false;
            }
            return 0;
        }
    }

    static void checkWidth(Path file, CsvRecordReader reader, long headerLine, int width) {
        if (reader.fieldCount() != width) {
            throw new SeedFileException(
                    file,
                    reader.line(),
                    "%d fields, but the header (line %d) has %d columns; every row needs one value per column (leave a field empty for NULL)"
                            .formatted(reader.fieldCount(), headerLine, width),
                    null);
        }
    }

    private static List<String> header(Path file, CsvRecordReader reader) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < reader.fieldCount(); i++) {
            names.add(reader.value(i));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new SeedFileException(
                        file,
                        reader.line(),
                        "column %d of the header has no name; every column needs a name".formatted(i + 1),
                        null);
            }
            if (!seen.add(name)) {
                throw new SeedFileException(
                        file,
                        reader.line(),
                        "column '%s' appears twice in the header %s; rename one".formatted(name, names),
                        null);
            }
        }
        return names;
    }
}
