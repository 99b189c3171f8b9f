package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldHaveTotalsOf.shouldHaveTotalsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShouldHaveTotalsOfTests {

    @Test
    void create() {
        RowDiff diff = RowDiff.between(List.of("k", "n"), List.of(Row.of(1, 3)), List.of(Row.of(1, 2)));

        assertThat(shouldHaveTotalsOf("public.t", "SELECT k, count(*) AS n FROM s GROUP BY k", diff)
                        .create())
                .isEqualTo(
                        """

                        Expecting the columns of stream table public.t to equal the rows of the query below (as a\
                         multiset), but 1 row differs.
                        stream table (actual):
                          k | n
                          --+----
                        ~ 1 | *3*
                        query (expected):
                          k | n
                          --+----
                        ~ 1 | *2*
                        (+ unexpected row, only in actual; - missing row, only in expected; ~ same key, differing\
                         cells in *stars*)
                        query:
                          SELECT k, count(*) AS n FROM s GROUP BY k""");
    }
}
