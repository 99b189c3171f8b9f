package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldHaveStatus.shouldHaveStatus;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShouldHaveStatusTests {

    @Test
    void create() {
        assertThat(shouldHaveStatus(States.failing("ERROR", 0), "ACTIVE").create())
                .isEqualTo(
                        """

                        Expecting stream table public.order_totals to have status:
                          ACTIVE
                        but had:
                          ERROR
                          status: ERROR, populated: true, consecutive errors: 0, last refresh at: 2026-03-01T10:00:00Z
                          last error: division by zero (at 2026-03-01T10:00:05Z)""");
    }
}
