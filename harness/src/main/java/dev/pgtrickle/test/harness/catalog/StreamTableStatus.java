package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The status of a stream table, as pg_trickle's catalog column {@code pgtrickle.pgt_stream_tables.status} spells it
 * (its CHECK constraint allows exactly these four). pg_trickle has no {@code PAUSED} status: a paused table is
 * {@link #SUSPENDED}.
 */
@API(status = STABLE, since = "0.1")
public enum StreamTableStatus {
    /** Created without a first fill ({@code initialize => false}), or being filled. */
    INITIALIZING,
    /** Maintained by the scheduler. */
    ACTIVE,
    /** Not refreshed until set {@code ACTIVE} again (by the user, or by pg_trickle after repeated failures). */
    SUSPENDED,
    /** A refresh failed and the table is not maintained until repaired. */
    ERROR;

    /**
     * dbt-pgtrickle's documented name for a paused table. pg_trickle has no such status (its API refuses it), so it
     * is not one of this enum's values: a model's {@code status: PAUSED} is applied as {@link #SUSPENDED}, and an
     * assertion on it is refused with a hint.
     */
    public static final String DBT_PGTRICKLE_PAUSED = "PAUSED";

    /** The spelling in the catalog and in {@code alter_stream_table(status => ...)}. */
    public String sqlName() {
        return name();
    }

    /** Whether the scheduler will not leave this status by itself: {@link #ERROR} or {@link #SUSPENDED}. */
    public boolean isBroken() {
        return this == ERROR || this == SUSPENDED;
    }

    /**
     * The status spelled {@code text}, ignoring case and surrounding blanks.
     *
     * @return the status, or empty for {@code null} or a word that is not a pg_trickle status
     */
    public static Optional<StreamTableStatus> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(status -> status.sqlName().equals(wanted))
                .findFirst();
    }

    /**
     * The status spelled {@code text}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the accepted statuses when {@code text} is not one
     */
    public static StreamTableStatus parse(String text) {
        return find(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        "'%s' is not a pg_trickle status; use one of %s".formatted(text, sqlNames())));
    }

    /** Every status, comma-separated, for messages: {@code INITIALIZING, ACTIVE, SUSPENDED, ERROR}. */
    public static String sqlNames() {
        return Arrays.stream(values()).map(StreamTableStatus::sqlName).collect(Collectors.joining(", "));
    }
}
