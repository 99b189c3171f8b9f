/** The {@code pgtrickle-test} command line: build, seed, run and test a dbt project, and run its operations. */
package dev.pgtrickle.test.cli;
