package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldBePopulated.shouldBePopulated;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShouldBePopulatedTests {

    @Test
    void create() {
        assertThat(shouldBePopulated(States.initializing()).create())
                .isEqualTo(
                        """

                        Expecting stream table public.order_totals to be populated, but is_populated is false.
                          status: INITIALIZING, populated: false, consecutive errors: 0, last refresh at: never
                          last error: none""");
    }
}
