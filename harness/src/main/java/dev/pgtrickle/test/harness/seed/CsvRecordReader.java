package dev.pgtrickle.test.harness.seed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams a seed CSV file one record at a time, the way dbt's CSV reader sees it, but strictly: RFC 4180 quoting
 * (delimiters, quotes and line breaks inside quoted fields), LF or CRLF line ends, an optional UTF-8 byte order mark,
 * blank lines skipped. Anything dbt would mis-load (bytes that are not UTF-8, an unclosed quote, text after a closing
 * quote) is an error naming the file and line.
 *
 * <p>It works on the file's bytes, never on decoded text: the delimiter, quotes and line ends are ASCII and never occur
 * inside a multi-byte UTF-8 sequence, so splitting bytes is exact, and a field's bytes can go to {@code COPY}
 * untouched. Only the current record is held in memory (a buffer of about a megabyte, more only for a record that
 * does not fit), so a file of any size reads in bounded memory.
 */
final class CsvRecordReader implements AutoCloseable {

    private static final int BUFFER_SIZE = 1 << 20;
    private static final int MORE = -1;
    private static final byte QUOTE = '"';
    private static final int LF = 1;
    private static final int CRLF = 2;
    private static final int CR = 4;

    private final Path file;
    private final byte[] delimiter;
    private final FileChannel channel;
    private byte[] buf = new byte[BUFFER_SIZE];
    private int limit;
    private long bufferOffset;
    private boolean eof;
    private int pos;
    private long line = 1;

    private long recordLine;
    private int recordStart;
    private int recordEnd;
    private int fieldCount;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] escaped = new boolean[16];
    private boolean needsRewrite;
    private int lineBreaks;
    private int lineEndStyles;
    private boolean blankLines;
    private boolean anyRewrite;

    private CsvRecordReader(Path file, char delimiter) {
        this.file = file;
        this.delimiter = String.valueOf(delimiter).getBytes(StandardCharsets.UTF_8);
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SeedFileException(file, 0, "cannot read the file: " + e, e);
        }
    }

    /** Open {@code file}; throws {@link SeedException} when it cannot be read. */
    static CsvRecordReader open(Path file, char delimiter) {
        CsvRecordReader reader = new CsvRecordReader(file, delimiter);
        reader.skipByteOrderMark();
        return reader;
    }

    /**
     * Advance to the next record, skipping blank lines.
     *
     * @return false at the end of the file
     * @throws SeedException naming the file and line for anything malformed
     */
    boolean next() {
        while (true) {
            if (pos >= limit && !fill()) {
                return false;
            }
            int lineEnd = lineEndLength(pos);
            if (lineEnd == MORE) {
                fill();
                continue;
            }
            if (lineEnd > 0) {
                pos += lineEnd;
                line++;
                blankLines = true;
                continue;
            }
            long startLine = line;
            int end = parseRecord(pos);
            if (end == MORE) {
                line = startLine;
                fill();
                continue;
            }
            recordLine = startLine;
            recordStart = pos;
            checkUtf8(pos, end);
            anyRewrite |= needsRewrite;
            pos = end;
            return true;
        }
    }

    /** The 1-based line of the file where the current record starts. */
    long line() {
        return recordLine;
    }

    /** The number of fields in the current record. */
    int fieldCount() {
        return fieldCount;
    }

    /** The current field {@code i} as text; {@code null} for what dbt loads as NULL (see {@link #isNull}). */
    String value(int i) {
        int start = starts[i];
        int end = ends[i];
        if (isNull(i)) {
            return null;
        }
        String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
        return escaped[i] ? text.replace("\"\"", "\"") : text;
    }

    /**
     * Whether field {@code i} is NULL for dbt: empty (quoted or not), blank, or {@code null} in any case. dbt reads seeds
     * with agate, whose column types (text included) all take {@code null} and the empty string as null values,
     * compared trimmed and case-insensitively; Python's csv reader has dropped the quotes by then.
     */
    boolean isNull(int i) {
        return isNullWord(buf, starts[i], ends[i]);
    }

    private static boolean isNullWord(byte[] bytes, int start, int end) {
        int from = start;
        int to = end;
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        if (from == to) {
            return true;
        }
        return to - from == 4
                && (bytes[from] | 0x20) == 'n'
                && (bytes[from + 1] | 0x20) == 'u'
                && (bytes[from + 2] | 0x20) == 'l'
                && (bytes[from + 3] | 0x20) == 'l';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0x0B || b == '\f';
    }

    /** The buffer holding the current record's bytes; valid until the next call of {@link #next()}. */
    byte[] bytes() {
        return buf;
    }

    /** Where field {@code i}'s value starts in {@link #bytes()} (inside its quotes, when quoted). */
    int start(int i) {
        return starts[i];
    }

    /** Where field {@code i}'s value ends (exclusive) in {@link #bytes()}. */
    int end(int i) {
        return ends[i];
    }

    /** True when field {@code i} holds a doubled quote, so its bytes are not its value. */
    boolean escaped(int i) {
        return escaped[i];
    }

    /** The number of line breaks inside the quoted fields of the current record. */
    int lineBreaksInside() {
        return lineBreaks;
    }

    /** Where the current record starts in {@link #bytes()}. */
    int recordStart() {
        return recordStart;
    }

    /** Where the current record's text ends in {@link #bytes()}, before its line end. */
    int recordEnd() {
        return recordEnd;
    }

    /**
     * True when the record's bytes, with a LF appended, would not mean the same to PostgreSQL's {@code COPY ... (FORMAT
     * csv)}: a quoted empty field (NULL for dbt, an empty string for COPY), a carriage return outside quotes, or a
     * record that reads as COPY's end marker {@code \.}.
     */
    boolean needsRewrite() {
        return needsRewrite;
    }

    /**
     * True when the bytes read so far, from the first data record on, can go to {@code COPY ... (FORMAT csv)} as they
     * are: no record needed a rewrite, no blank line was skipped (COPY would read it as a row), and every line ends the
     * same way (COPY settles on LF or CRLF at the first line).
     */
    boolean copyableAsIs() {
        return !blankLines
                && !anyRewrite
                && (lineEndStyles == 0 || lineEndStyles == LF || lineEndStyles == CRLF)
                && delimiter.length == 1;
    }

    /** The offset in the file just after the current record and its line end. */
    long offsetAfterRecord() {
        return bufferOffset + pos;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only file: nothing is lost when closing fails
        }
    }

    private void skipByteOrderMark() {
        while (limit < 3 && !eof) {
            fill();
        }
        if (limit >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
            pos = 3;
        }
    }

    /** Keep the bytes from {@link #pos} on, read more after them; false when nothing is left to read. */
    private boolean fill() {
        if (eof) {
            return pos < limit;
        }
        int keep = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, keep);
            bufferOffset += pos;
            pos = 0;
            limit = keep;
        } else if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2); // a record larger than the buffer
        }
        try {
            int read = channel.read(ByteBuffer.wrap(buf, limit, buf.length - limit));
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        } catch (IOException e) {
            throw new SeedFileException(file, line, "cannot read the file: " + e, e);
        }
        return pos < limit;
    }

    /** 1 for LF, 2 for CRLF, also 1 for a CR at the very end of the file; 0 for none; MORE when undecidable yet. */
    private int lineEndLength(int at) {
        byte c = buf[at];
        if (c == '\n') {
            return 1;
        }
        if (c != '\r') {
            return 0;
        }
        if (at + 1 < limit) {
            return buf[at + 1] == '\n' ? 2 : 0;
        }
        return eof ? 1 : MORE;
    }

    /** The delimiter's length when it starts at {@code at}; 0 when it does not; MORE when undecidable yet. */
    private int delimiterLength(int at) {
        if (buf[at] != delimiter[0]) {
            return 0;
        }
        for (int i = 1; i < delimiter.length; i++) {
            if (at + i >= limit) {
                return eof ? 0 : MORE;
            }
            if (buf[at + i] != delimiter[i]) {
                return 0;
            }
        }
        return delimiter.length;
    }

    /** Parse the record starting at {@code at}; returns where the next one starts, or MORE when the buffer ends first. */
    private int parseRecord(int at) {
        int p = at;
        fieldCount = 0;
        lineBreaks = 0;
        needsRewrite = false;
        while (true) {
            int field = nextField();
            if (p < limit && buf[p] == QUOTE) {
                p = quotedField(p, field);
            } else {
                p = plainField(p, field);
            }
            if (p == MORE) {
                return MORE;
            }
            if (p >= limit) {
                if (!eof) {
                    return MORE;
                }
                return endRecord(at, p, 0);
            }
            int lineEnd = lineEndLength(p);
            if (lineEnd == MORE) {
                return MORE;
            }
            if (lineEnd > 0) {
                return endRecord(at, p, lineEnd);
            }
            p += delimiterLength(p); // the field ended, so a delimiter is here
        }
    }

    private int endRecord(int at, int end, int lineEnd) {
        recordEnd = end;
        if (lineEnd > 0) {
            lineEndStyles |= lineEnd == 2 ? CRLF : buf[end] == '\n' ? LF : CR;
        }
        if (end - at == 2 && buf[at] == '\\' && buf[at + 1] == '.') {
            needsRewrite = true;
        }
        if (lineEnd > 0) {
            line++;
        }
        return end + lineEnd;
    }

    private int nextField() {
        if (fieldCount == starts.length) {
            starts = Arrays.copyOf(starts, fieldCount * 2);
            ends = Arrays.copyOf(ends, fieldCount * 2);
            escaped = Arrays.copyOf(escaped, fieldCount * 2);
        }
        return fieldCount++;
    }

    private int plainField(int at, int field) {
        int p = at;
        boolean unsafe = false;
        while (p < limit) {
            byte c = buf[p];
            if (c == '\n') {
                break;
            }
            if (c == QUOTE) {
                unsafe = true; // COPY would start a quoted section here; dbt reads the quote as text
            } else if (c == '\r') {
                int lineEnd = lineEndLength(p);
                if (lineEnd == MORE) {
                    return MORE;
                }
                if (lineEnd > 0) {
                    break;
                }
                unsafe = true; // COPY refuses a carriage return outside quotes
            } else if (c == delimiter[0]) {
                int length = delimiterLength(p);
                if (length == MORE) {
                    return MORE;
                }
                if (length > 0) {
                    break;
                }
            }
            p++;
        }
        if (p >= limit && !eof) {
            return MORE;
        }
        starts[field] = at;
        ends[field] = p;
        escaped[field] = false;
        // COPY would load null, NULL or blanks as text; dbt loads them as NULL (an unquoted empty field is NULL for
        // both).
        needsRewrite |= unsafe || (p > at && isNullWord(buf, at, p));
        return p;
    }

    private int quotedField(int at, int field) {
        long startLine = line;
        int p = at + 1;
        boolean doubled = false;
        while (true) {
            if (p >= limit) {
                if (!eof) {
                    return MORE;
                }
                throw new SeedFileException(
                        file,
                        startLine,
                        "a quoted field starts here but its closing quote is missing; close it, and double any quote"
                                + " inside it (\"\")",
                        null);
            }
            byte c = buf[p];
            if (c == QUOTE) {
                if (p + 1 >= limit && !eof) {
                    return MORE;
                }
                if (p + 1 < limit && buf[p + 1] == QUOTE) {
                    doubled = true;
                    p += 2;
                    continue;
                }
                break;
            }
            if (c == '\n') {
                line++;
                lineBreaks++;
            }
            p++;
        }
        starts[field] = at + 1;
        ends[field] = p;
        escaped[field] = doubled;
        needsRewrite |= isNullWord(buf, at + 1, p); // "", "null": NULL for dbt, text for COPY
        p++; // closing quote
        if (p < limit) {
            int lineEnd = lineEndLength(p);
            int delimiterLength = delimiterLength(p);
            if (lineEnd == MORE || delimiterLength == MORE) {
                return MORE;
            }
            if (lineEnd == 0 && delimiterLength == 0) {
                throw new SeedFileException(
                        file,
                        line,
                        "unexpected '%s' after the closing quote of a field; quote the whole field and double quotes inside it"
                                .formatted(charAt(p)),
                        null);
            }
        }
        return p;
    }

    private String charAt(int at) {
        int length = Utf8.sequenceLength(buf[at]);
        return new String(buf, at, Math.max(1, Math.min(length, limit - at)), StandardCharsets.UTF_8);
    }

    /** Strict UTF-8: the first malformed byte is reported with its line and byte offset. */
    private void checkUtf8(int from, int to) {
        int bad = Utf8.firstMalformed(buf, from, to);
        if (bad < 0) {
            return;
        }
        long badLine = recordLine;
        for (int i = from; i < bad; i++) {
            if (buf[i] == '\n') {
                badLine++;
            }
        }
        throw new SeedFileException(
                file,
                badLine,
                "byte 0x%02X at byte offset %d is not valid UTF-8; save the file as UTF-8 (dbt reads seeds as UTF-8)"
                        .formatted(buf[bad] & 0xFF, bufferOffset + bad),
                null);
    }
}
