package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldContainExactlyRows.shouldContainExactlyRows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShouldContainExactlyRowsTests {

    @Test
    void create() {
        RowDiff diff = RowDiff.between(
                List.of("customer_id", "total"),
                List.of(Row.of(1, 30), Row.of(2, 7)),
                List.of(Row.of(1, 30), Row.of(2, 5)));

        assertThat(shouldContainExactlyRows("public.order_totals", diff).create())
                .isEqualTo(
                        """

                        Expecting stream table public.order_totals to contain exactly these rows in any order (ignoring\
                         __pgt_* columns), but 1 row differs.
                        actual:
                          customer_id | total
                          ------------+------
                          1           | 30
                        ~ 2           | *7*
                        expected:
                          customer_id | total
                          ------------+------
                          1           | 30
                        ~ 2           | *5*
                        (+ unexpected row, only in actual; - missing row, only in expected; ~ same key, differing\
                         cells in *stars*)""");
    }
}
