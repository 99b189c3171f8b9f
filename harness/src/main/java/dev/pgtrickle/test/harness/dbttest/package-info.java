/**
 * dbt tests (generic tests from property files, custom generic tests, singular tests) compiled to SQL and run against a
 * project's database, with dbt's severity and threshold rules and failure reports that show the failing rows.
 */
package dev.pgtrickle.test.harness.dbttest;
