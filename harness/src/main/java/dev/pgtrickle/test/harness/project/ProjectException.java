package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A dbt project cannot be loaded, compiled or selected from. The message names the file (and the line when known)
 * and says how to fix it; {@link #file()} and {@link #line()} expose the same facts for tools.
 */
public class ProjectException extends RuntimeException implements ProjectProblem {

    private final transient Path file;
    private final int line;

    /** An error not tied to one file (a selector, a cycle across files). */
    public ProjectException(String message) {
        this(message, null, 0, null);
    }

    /**
     * An error in {@code file} at {@code line} (1-based; 0 when unknown). The message is prefixed with
     * {@code file:line: }.
     */
    public ProjectException(String message, Path file, int line, Throwable cause) {
        super(prefix(file, line) + message, cause);
        this.file = file;
        this.line = line;
    }

    /** {@code message} prefixed with {@code file:line: } as a {@code ProjectException}'s message is. */
    public static String located(String message, Path file, int line) {
        return prefix(file, line) + message;
    }

    private static String prefix(Path file, int line) {
        if (file == null) {
            return "";
        }
        return line > 0 ? "%s:%d: ".formatted(file, line) : "%s: ".formatted(file);
    }

    /** The file at fault, when one is. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line at fault, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
