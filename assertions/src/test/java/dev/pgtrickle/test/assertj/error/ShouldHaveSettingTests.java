package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldHaveSetting.shouldHaveRefreshMode;
import static dev.pgtrickle.test.assertj.error.ShouldHaveSetting.shouldHaveSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShouldHaveSettingTests {

    @Test
    void createRefreshMode() {
        assertThat(shouldHaveRefreshMode(States.active(), "FULL").create())
                .isEqualTo(
                        """

                        Expecting stream table public.order_totals to have refresh mode:
                          FULL
                        but had:
                          DIFFERENTIAL""");
    }

    @Test
    void createScheduleShowsCalculatedForNone() {
        assertThat(shouldHaveSchedule(States.initializing(), "5m").create())
                .isEqualTo(
                        """

                        Expecting stream table public.order_totals to have schedule:
                          5m
                        but had:
                          CALCULATED""");
    }
}
