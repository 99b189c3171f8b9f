package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveConsecutiveErrorsAtMost;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveNoConsecutiveErrors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShouldHaveConsecutiveErrorsTests {

    private static final String STATE =
            "  status: ACTIVE, populated: true, consecutive errors: 2, last refresh at: 2026-03-01T10:00:00Z\n"
                    + "  last error: division by zero (at 2026-03-01T10:00:05Z)";

    @Test
    void createNone() {
        assertThat(shouldHaveNoConsecutiveErrors(States.failing("ACTIVE", 2)).create())
                .isEqualTo("\nExpecting stream table public.order_totals to have no consecutive errors, but it has 2.\n"
                        + STATE);
    }

    @Test
    void createAtMost() {
        assertThat(shouldHaveConsecutiveErrorsAtMost(States.failing("ACTIVE", 2), 1)
                        .create())
                .isEqualTo("\nExpecting stream table public.order_totals to have at most 1 consecutive errors, but it"
                        + " has 2.\n" + STATE);
    }
}
