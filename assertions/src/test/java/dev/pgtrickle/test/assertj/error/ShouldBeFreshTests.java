package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldBeFresh.shouldBeFresh;
import static dev.pgtrickle.test.assertj.error.ShouldBeFresh.shouldHaveStalenessAtMost;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShouldBeFreshTests {

    @Test
    void createStale() {
        assertThat(shouldBeFresh(States.failing("ACTIVE", 0)).create())
                .isEqualTo(
                        """

                        Expecting stream table public.order_totals to be fresh, but it is overdue: last refreshed 2m 5.0s\
                         ago, more than the 1m 0.4s its schedule 1m allows (the schedule plus 2 scheduler intervals).
                          status: ACTIVE, populated: true, consecutive errors: 0, last refresh at: 2026-03-01T10:00:00Z
                          last error: division by zero (at 2026-03-01T10:00:05Z)""");
    }

    @Test
    void createNeverRefreshed() {
        assertThat(shouldBeFresh(States.initializing()).create())
                .startsWith("\nExpecting stream table public.order_totals to be fresh, but it was never refreshed.\n");
    }

    @Test
    void createStalenessAtMost() {
        assertThat(shouldHaveStalenessAtMost(States.active(), Duration.ofSeconds(1))
                        .create())
                .isEqualTo(
                        """

                        Expecting stream table public.order_totals to have staleness at most:
                          1.0s
                        but was:
                          1.5s
                          status: ACTIVE, populated: true, consecutive errors: 0, last refresh at: 2026-03-01T10:00:00Z
                          last error: none""");
    }
}
