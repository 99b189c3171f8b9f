package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.ProjectProblem;

/** A dbt test is declared wrongly; the message names the file, the test and the fix. */
public final class DbtTestDefinitionException extends RuntimeException implements ProjectProblem {

    public DbtTestDefinitionException(String message) {
        super(message);
    }

    public DbtTestDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
