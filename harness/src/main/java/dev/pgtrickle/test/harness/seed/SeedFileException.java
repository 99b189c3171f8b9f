package dev.pgtrickle.test.harness.seed;

import dev.pgtrickle.test.harness.project.ProjectProblem;
import java.nio.file.Path;

/**
 * A seed cannot be loaded because of what the user wrote: the CSV file (a ragged row, bad UTF-8, no header), its
 * config ({@code column_types} naming no column), or a table in the way that needs a full refresh or another alias.
 * Unlike a plain {@link SeedException}, where the database refused a value, the fix is in the project.
 */
public class SeedFileException extends SeedException implements ProjectProblem {

    /**
     * @param file the CSV file
     * @param line the 1-based line in the file, or 0 when no single line is to blame
     * @param problem what is wrong and how to fix it (the file and line are prefixed)
     * @param cause the underlying error, or null
     */
    public SeedFileException(Path file, long line, String problem, Throwable cause) {
        super(file, line, problem, cause);
    }
}
