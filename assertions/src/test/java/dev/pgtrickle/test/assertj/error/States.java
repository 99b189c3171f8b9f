package dev.pgtrickle.test.assertj.error;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Fixed stream table states for pinning message texts. */
final class States {

    static final Instant REFRESHED = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant FAILED = Instant.parse("2026-03-01T10:00:05Z");

    private States() {}

    static StreamTableState active() {
        return new StreamTableState(
                "public",
                "order_totals",
                "ACTIVE",
                true,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.of("1m"),
                "DIFFERENTIAL",
                "SELECT 1",
                Optional.empty(),
                Optional.of(REFRESHED),
                Optional.of(REFRESHED),
                Optional.of(Duration.ofMillis(1500)),
                Optional.of(false),
                Optional.of(Duration.ofMillis(60_400)),
                false,
                REFRESHED.plusMillis(1500));
    }

    static StreamTableState initializing() {
        return new StreamTableState(
                "public",
                "order_totals",
                "INITIALIZING",
                false,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "FULL",
                "SELECT 1",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                REFRESHED);
    }

    static StreamTableState failing(String status, int errors) {
        return new StreamTableState(
                "public",
                "order_totals",
                status,
                true,
                errors,
                Optional.of("division by zero"),
                Optional.of(FAILED),
                Optional.of("1m"),
                "DIFFERENTIAL",
                "SELECT 1",
                Optional.empty(),
                Optional.of(REFRESHED),
                Optional.of(REFRESHED),
                Optional.of(Duration.ofSeconds(125)),
                Optional.of(true),
                Optional.of(Duration.ofMillis(60_400)),
                true,
                REFRESHED.plusSeconds(125));
    }
}
