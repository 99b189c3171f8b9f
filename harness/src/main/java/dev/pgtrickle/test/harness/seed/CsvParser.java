package dev.pgtrickle.test.harness.seed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a seed CSV file the way dbt's CSV reader sees it, but strictly: RFC 4180 quoting (delimiters, quotes and line
 * breaks inside quoted fields), LF or CRLF line ends, an optional UTF-8 byte order mark, blank lines ignored. Anything
 * dbt would mis-load (bytes that are not UTF-8, rows wider or narrower than the header, an unclosed quote) is an error
 * naming the file and line.
 */
final class CsvParser {

    private static final char BOM = '\uFEFF';

    private final Path file;
    private final char delimiter;
    private String text;
    private int pos;
    private long line;

    private CsvParser(Path file, char delimiter) {
        this.file = file;
        this.delimiter = delimiter;
    }

    /** Parse {@code file}; throws {@link SeedException} naming the file and line for anything malformed. */
    static CsvTable parse(Path file, char delimiter) {
        return new CsvParser(file, delimiter).parse();
    }

    private CsvTable parse() {
        text = decode(read());
        pos = !text.isEmpty() && text.charAt(0) == BOM ? 1 : 0;
        line = 1;
        List<String> header = null;
        long headerLine = 0;
        List<CsvTable.Row> rows = new ArrayList<>();
        while (pos < text.length()) {
            long start = line;
            List<String> record = readRecord();
            if (record == null) {
                continue; // blank line
            }
            if (header == null) {
                header = checkHeader(record, start);
                headerLine = start;
            } else if (record.size() != header.size()) {
                throw new SeedException(
                        file,
                        start,
                        "%d fields, but the header (line %d) has %d columns; every row needs one value per column (leave a field empty for NULL)"
                                .formatted(record.size(), headerLine, header.size()),
                        null);
            } else {
                rows.add(new CsvTable.Row(start, Collections.unmodifiableList(record)));
            }
        }
        if (header == null) {
            throw new SeedException(
                    file, 0, "the file is empty; a seed needs at least a header line naming its columns", null);
        }
        return new CsvTable(header, List.copyOf(rows));
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SeedException(file, 0, "cannot read the file: " + e, e);
        }
    }

    /** Strict UTF-8: the first malformed byte is reported with its line and byte offset. */
    private String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            long badLine = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    badLine++;
                }
            }
            throw new SeedException(
                    file,
                    badLine,
                    "byte 0x%02X at byte offset %d is not valid UTF-8; save the file as UTF-8 (dbt reads seeds as UTF-8)"
                            .formatted(bytes[offset] & 0xFF, offset),
                    null);
        }
        out.flip();
        return out.toString();
    }

    /** One record, or null for a blank line. Advances past the record's line end. */
    private List<String> readRecord() {
        if (atLineEnd()) {
            skipLineEnd();
            return null;
        }
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(readField());
            if (pos >= text.length()) {
                return fields;
            }
            if (atLineEnd()) {
                skipLineEnd();
                return fields;
            }
            pos++; // the delimiter
        }
    }

    private String readField() {
        if (pos < text.length() && text.charAt(pos) == '"') {
            return readQuotedField();
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != delimiter && !atLineEnd()) {
            pos++;
        }
        return start == pos ? null : text.substring(start, pos);
    }

    private String readQuotedField() {
        long startLine = line;
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new SeedException(
                        file,
                        startLine,
                        "a quoted field starts here but its closing quote is missing; close it, and double any quote"
                                + " inside it (\"\")",
                        null);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                    value.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (c == '\n') {
                line++;
            }
            value.append(c);
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) != delimiter && !atLineEnd()) {
            throw new SeedException(
                    file,
                    line,
                    "unexpected '%s' after the closing quote of a field; quote the whole field and double quotes inside it"
                            .formatted(text.charAt(pos)),
                    null);
        }
        // dbt's reader sees "" and an empty field alike: both load as NULL.
        return value.isEmpty() ? null : value.toString();
    }

    private boolean atLineEnd() {
        if (pos >= text.length()) {
            return false;
        }
        char c = text.charAt(pos);
        return c == '\n' || (c == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) == '\n'));
    }

    private void skipLineEnd() {
        if (text.charAt(pos) == '\r') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
        }
        line++;
    }

    private List<String> checkHeader(List<String> names, long headerLine) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new SeedException(
                        file,
                        headerLine,
                        "column %d of the header has no name; every column needs a name".formatted(i + 1),
                        null);
            }
            if (!seen.add(name)) {
                throw new SeedException(
                        file,
                        headerLine,
                        "column '%s' appears twice in the header %s; rename one".formatted(name, names),
                        null);
            }
        }
        return List.copyOf(Arrays.asList(names.toArray(String[]::new)));
    }
}
