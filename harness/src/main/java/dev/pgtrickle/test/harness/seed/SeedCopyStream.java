package dev.pgtrickle.test.harness.seed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.copy.CopyIn;

/**
 * Sends a seed file's data records to {@code COPY ... FROM STDIN (FORMAT csv)}. When the whole file already means to
 * COPY what it means to dbt, its bytes go as they are, in large blocks; otherwise record by record, each record's bytes
 * as they are where that is safe and rewritten only where dbt and COPY would read it differently (see {@link
 * CsvRecordReader#needsRewrite()}). Memory stays bounded either way.
 */
final class SeedCopyStream {

    private static final int BLOCK = 1 << 18;

    private final CopyIn copy;
    private final byte[] out = new byte[BLOCK];
    private int used;

    private SeedCopyStream(CopyIn copy) {
        this.copy = copy;
    }

    /** The delimiter COPY is told about: the file's own when it is one byte, else a comma (every record rewritten). */
    static char copyDelimiter(char fileDelimiter) {
        return fileDelimiter < 0x80 ? fileDelimiter : ',';
    }

    /** Send every data record of {@code file}, as {@code scan} found them. */
    static void send(CopyIn copy, Path file, char delimiter, SeedFileScan scan) throws SQLException {
        SeedCopyStream stream = new SeedCopyStream(copy);
        if (scan.copyableAsIs()) {
            stream.sendBytes(file, scan.dataOffset());
        } else {
            stream.sendRecords(file, delimiter);
        }
        stream.flush();
    }

    private void sendBytes(Path file, long from) throws SQLException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(from);
            ByteBuffer block = ByteBuffer.wrap(out);
            int read;
            while ((read = channel.read(block.clear())) >= 0) {
                copy.writeToCopy(out, 0, read);
            }
        } catch (IOException e) {
            throw new SeedFileException(file, 0, "cannot read the file: " + e, e);
        }
    }

    /**
     * What {@link #sendWhileReading} did.
     *
     * @param scan the whole file's scan, with the types of all its values
     * @param sent true when every record went to COPY (which the caller ends); false when sending stopped because a
     *     type guessed from the first records turned out wrong (the COPY is then cancelled)
     */
    record Streamed(SeedFileScan scan, boolean sent) {}

    /**
     * Read, check and send the file in one pass, into a table created with {@code guessed} column types, for as long as
     * the types all values allow so far are still the guessed ones (declared columns are not guessed). A wrong guess
     * cancels the COPY; reading goes on to the end so that the caller gets the types of all values.
     */
    static Streamed sendWhileReading(CopyIn copy, Path file, char delimiter, List<SeedColumn> guessed)
            throws SQLException {
        SeedCopyStream stream = new SeedCopyStream(copy);
        char copyDelimiter = copyDelimiter(delimiter);
        boolean[] sending = {true};
        SeedFileScan scan = SeedFileScan.read(file, delimiter, Long.MAX_VALUE, (reader, types) -> {
            if (!sending[0]) {
                return;
            }
            for (int i = 0; i < types.length; i++) {
                if (!guessed.get(i).declared()
                        && !types[i].type().equals(guessed.get(i).type())) {
                    sending[0] = false;
                    copy.cancelCopy();
                    return;
                }
            }
            stream.sendRecord(reader, delimiter, copyDelimiter);
        });
        if (sending[0]) {
            stream.flush();
        }
        return new Streamed(scan, sending[0]);
    }

    private void sendRecords(Path file, char delimiter) throws SQLException {
        char copyDelimiter = copyDelimiter(delimiter);
        try (CsvRecordReader reader = CsvRecordReader.open(file, delimiter)) {
            reader.next(); // the header
            while (reader.next()) {
                sendRecord(reader, delimiter, copyDelimiter);
            }
        }
    }

    private void sendRecord(CsvRecordReader reader, char delimiter, char copyDelimiter) throws SQLException {
        if (copyDelimiter == delimiter && !reader.needsRewrite()) {
            append(reader.bytes(), reader.recordStart(), reader.recordEnd());
        } else {
            rewrite(reader, (byte) copyDelimiter);
        }
        append((byte) '\n');
    }

    /** Every value quoted, so no text can be taken for NULL or for COPY syntax; NULL (dbt's rule) as an empty field. */
    private void rewrite(CsvRecordReader reader, byte delimiter) throws SQLException {
        byte[] bytes = reader.bytes();
        for (int i = 0; i < reader.fieldCount(); i++) {
            if (i > 0) {
                append(delimiter);
            }
            int start = reader.start(i);
            int end = reader.end(i);
            if (reader.isNull(i)) {
                continue;
            }
            append((byte) '"');
            if (reader.escaped(i)) {
                append(bytes, start, end); // quotes are already doubled
            } else {
                for (int p = start; p < end; p++) {
                    if (bytes[p] == '"') {
                        append((byte) '"');
                    }
                    append(bytes[p]);
                }
            }
            append((byte) '"');
        }
    }

    private void append(byte b) throws SQLException {
        if (used == out.length) {
            flush();
        }
        out[used++] = b;
    }

    private void append(byte[] bytes, int from, int to) throws SQLException {
        int length = to - from;
        if (used + length > out.length) {
            flush();
            if (length > out.length) {
                copy.writeToCopy(bytes, from, length);
                return;
            }
        }
        System.arraycopy(bytes, from, out, used, length);
        used += length;
    }

    private void flush() throws SQLException {
        if (used > 0) {
            copy.writeToCopy(out, 0, used);
            used = 0;
        }
    }
}
