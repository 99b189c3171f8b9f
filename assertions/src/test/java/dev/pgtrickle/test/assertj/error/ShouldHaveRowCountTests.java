package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldHaveRowCount.shouldHaveRowCount;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShouldHaveRowCountTests {

    @Test
    void create() {
        assertThat(shouldHaveRowCount("public.order_totals", 2, 3).create())
                .isEqualTo("\nExpecting stream table public.order_totals to have 3 rows but had 2.");
    }
}
