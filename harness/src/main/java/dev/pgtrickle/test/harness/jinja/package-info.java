/**
 * Jinja outside templates: the renderer for values of {@code dbt_project.yml}, {@code profiles.yml} and property files
 * ({@code env_var}, {@code var}, {@code target}), and dbt's type-conversion filters, which the model renderer shares.
 * Imports no other harness package, so both {@code project} and {@code render} can use it.
 */
package dev.pgtrickle.test.harness.jinja;
