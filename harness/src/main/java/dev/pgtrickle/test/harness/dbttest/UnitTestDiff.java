package dev.pgtrickle.test.harness.dbttest;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What a failed dbt unit test found: the model's rows against the expected rows, as the row diff every failure shows
 * ({@link dev.pgtrickle.test.harness.catalog.RowDiff}), for the message and for an IDE's comparison view.
 *
 * @param summary {@code 1 row is missing and 1 row differs}
 * @param actual the model's rows (the expected columns only), unexpected and differing rows marked
 * @param expected the expected rows, missing and differing rows marked
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UnitTestDiff(String summary, String actual, String expected) {}
