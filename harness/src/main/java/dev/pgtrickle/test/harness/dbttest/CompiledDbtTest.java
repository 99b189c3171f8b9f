package dev.pgtrickle.test.harness.dbttest;

/**
 * A dbt test and the SQL it compiled to: a query whose rows are the failures.
 *
 * @param test the declared test
 * @param sql the compiled query (no trailing semicolon)
 */
public record CompiledDbtTest(DbtTest test, String sql) {}
