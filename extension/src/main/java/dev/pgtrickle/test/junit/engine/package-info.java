/**
 * A JUnit Platform {@code TestEngine} ({@code pgtrickle-dbt}) that builds dbt projects and reports their seeds, models
 * and dbt tests as JUnit tests, so {@code mvn test}, IDEs and the command line run a project's own tests.
 */
package dev.pgtrickle.test.junit.engine;
