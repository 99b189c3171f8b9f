/** The JUnit-free engine of pgtrickle-test: servers, pg_trickle emulation, dbt project loading and materialization. */
package dev.pgtrickle.test.harness;
