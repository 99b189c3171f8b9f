package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldHaveTotal.shouldHaveTotal;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ShouldHaveTotalTests {

    @Test
    void createShowsNormalisedNumbers() {
        assertThat(shouldHaveTotal("public.order_totals", "sum", "total_amount", new BigDecimal("35.50"), 40)
                        .create())
                .isEqualTo(
                        """

                        Expecting sum(total_amount) over stream table public.order_totals to be:
                          40
                        but was:
                          35.5""");
    }

    @Test
    void createShowsNull() {
        assertThat(shouldHaveTotal("public.t", "max", "d", null, "x").create()).endsWith("but was:\n  NULL");
    }
}
