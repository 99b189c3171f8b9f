/**
 * Rendering dbt Jinja with jinjava configured to match Jinja2, the dbt context ({@code config}, {@code ref},
 * {@code source}, {@code var}, {@code env_var}, {@code this}, {@code target}, ...), and compiled SQL per model.
 */
package dev.pgtrickle.test.harness.render;
