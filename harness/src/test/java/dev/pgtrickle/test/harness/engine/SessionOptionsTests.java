package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.materialize.QueryChangeStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionOptionsTests {

    @Test
    void defaults() {
        SessionOptions options = SessionOptions.builder(Path.of("p")).build();
        assertThat(options.target()).isEmpty();
        assertThat(options.select()).isEmpty();
        assertThat(options.fullRefresh()).isFalse();
        assertThat(options.awaitTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.onQueryChange()).isEqualTo(QueryChangeStrategy.RECREATE);
        assertThat(options.setupScripts()).isEmpty();
    }

    @Test
    void builderSetsEverything() {
        SessionOptions options = SessionOptions.builder(Path.of("p"))
                .target("ci")
                .vars(Map.of("days", 3))
                .select("tag:nightly")
                .exclude("legacy")
                .fullRefresh(true)
                .onQueryChange(QueryChangeStrategy.REPLACE)
                .build();
        assertThat(options.target()).contains("ci");
        assertThat(options.vars()).containsEntry("days", 3);
        assertThat(options.withSelect("order_totals+").select()).isEqualTo("order_totals+");
        assertThat(options.exclude()).isEqualTo("legacy");
        assertThat(options.fullRefresh()).isTrue();
        assertThat(options.onQueryChange()).isEqualTo(QueryChangeStrategy.REPLACE);
    }

    @Test
    void nonPositiveAwaitTimeoutIsRefused() {
        assertThatThrownBy(() -> SessionOptions.builder(Path.of("p"))
                        .awaitTimeout(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("awaitTimeout must be positive, got PT0S");
    }
}
