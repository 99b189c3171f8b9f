package dev.pgtrickle.test.harness.dbttest;

/**
 * A dbt test and the SQL it compiled to: a query whose rows are the failures.
 *
 * @param test the declared test
 * @param sql the compiled query (no trailing semicolon)
 * @param config the test's config with what its macro's own {@code config()} call set ({@code fail_calc}, ...)
 */
public record CompiledDbtTest(DbtTest test, String sql, DbtTestConfig config) {

    /** A test whose macro sets no config of its own. */
    public CompiledDbtTest(DbtTest test, String sql) {
        this(test, sql, test.config());
    }
}
