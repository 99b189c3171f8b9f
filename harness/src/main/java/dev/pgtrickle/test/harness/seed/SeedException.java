package dev.pgtrickle.test.harness.seed;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A seed could not be loaded. The message names the CSV file, the line when one is to blame, and how to fix it. When
 * the fault is in the project rather than in the database (a malformed file, a config naming no column), the exception
 * is a {@link SeedFileException}.
 */
public class SeedException extends RuntimeException {

    private final transient Path file;
    private final long line;

    /**
     * @param file the CSV file
     * @param line the 1-based line in the file, or 0 when no single line is to blame
     * @param problem what is wrong and how to fix it (the file and line are prefixed)
     * @param cause the underlying error, or null
     */
    public SeedException(Path file, long line, String problem, Throwable cause) {
        super((line > 0 ? "%s line %d: %s".formatted(file, line, problem) : "%s: %s".formatted(file, problem)), cause);
        this.file = file;
        this.line = line;
    }

    /** The CSV file. */
    public Path file() {
        return file;
    }

    /** The 1-based line in the file that is to blame, when there is one. */
    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }
}
