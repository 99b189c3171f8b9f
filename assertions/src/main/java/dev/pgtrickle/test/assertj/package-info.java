/**
 * AssertJ assertions for pg_trickle stream tables and dbt run results. Start from {@link
 * dev.pgtrickle.test.assertj.PgTrickleAssertions} or {@link dev.pgtrickle.test.assertj.PgTrickleSoftAssertions}.
 */
package dev.pgtrickle.test.assertj;
