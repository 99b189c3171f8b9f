package dev.pgtrickle.test.harness.dbttest;

/** A dbt test is declared wrongly; the message names the file, the test and the fix. */
public final class DbtTestDefinitionException extends RuntimeException {

    public DbtTestDefinitionException(String message) {
        super(message);
    }

    public DbtTestDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
