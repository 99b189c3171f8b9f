/**
 * The {@code pgtrickle-test-maven-plugin}: the command line's {@code build} and {@code test} as Maven goals, so a team
 * runs its dbt project in its Maven build without Java code. Parameters are the command line's options, read as the
 * key table's settings ({@code dev.pgtrickle.test.harness.settings.Setting}).
 */
package dev.pgtrickle.test.maven;
