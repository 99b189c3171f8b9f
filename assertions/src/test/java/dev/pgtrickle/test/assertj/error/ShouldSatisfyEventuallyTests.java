package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldSatisfyEventually.shouldSatisfyEventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShouldSatisfyEventuallyTests {

    @Test
    void create() {
        assertThat(shouldSatisfyEventually(
                                "public.t", "timed out after 1.0s waiting until stream table public.t has 2 rows")
                        .create())
                .isEqualTo("\nExpecting stream table public.t to eventually satisfy the assertion, but timed out after"
                        + " 1.0s waiting until stream table public.t has 2 rows");
    }
}
