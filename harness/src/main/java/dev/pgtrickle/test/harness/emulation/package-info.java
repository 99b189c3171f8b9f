/**
 * The pg_trickle emulation: pg_trickle's SQL API written in SQL and PL/pgSQL, installed into databases the harness
 * created on servers without the real extension, plus the JVM-side scheduler that drives its refresh tick.
 */
package dev.pgtrickle.test.harness.emulation;
