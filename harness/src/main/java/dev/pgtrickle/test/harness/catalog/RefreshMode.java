package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * How pg_trickle maintains a stream table, spelled as its API and catalog spell it. {@link #AUTO} is only ever asked
 * for: pg_trickle resolves it at creation to {@link #DIFFERENTIAL} or {@link #FULL} and stores that, so the catalog
 * column ({@code pgtrickle.pgt_stream_tables.refresh_mode}) never holds it. pg_trickle also reads
 * {@value #DEPRECATED_ALIAS} as {@link #DIFFERENTIAL} (its older name), and so does {@link #find}.
 */
@API(status = STABLE, since = "0.1")
public enum RefreshMode {
    /** Recompute the whole query on every refresh. */
    FULL,
    /** Apply the captured changes incrementally. */
    DIFFERENTIAL,
    /** Let pg_trickle choose DIFFERENTIAL when the query allows it, else FULL. */
    AUTO,
    /** Maintain the table inside the writing transaction, by triggers; no schedule. */
    IMMEDIATE;

    /** pg_trickle's deprecated name for {@link #DIFFERENTIAL}, still accepted by its API. */
    public static final String DEPRECATED_ALIAS = "INCREMENTAL";

    /** The spelling in the catalog and in the API's {@code refresh_mode} argument. */
    public String sqlName() {
        return name();
    }

    /** Whether the catalog can hold this mode: every mode except {@link #AUTO}, which resolves at creation. */
    public boolean storedInCatalog() {
        return this != AUTO;
    }

    /**
     * The mode spelled {@code text}, ignoring case and surrounding blanks; {@value #DEPRECATED_ALIAS} is
     * {@link #DIFFERENTIAL}.
     *
     * @return the mode, or empty for {@code null} or a word that is not a refresh mode
     */
    public static Optional<RefreshMode> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        if (wanted.equals(DEPRECATED_ALIAS)) {
            return Optional.of(DIFFERENTIAL);
        }
        return Arrays.stream(values())
                .filter(mode -> mode.sqlName().equals(wanted))
                .findFirst();
    }

    /**
     * The mode spelled {@code text}, as {@link #find} reads it.
     *
     * @throws IllegalArgumentException naming the modes a stream table can have when {@code text} is not a mode
     */
    public static RefreshMode parse(String text) {
        return find(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        "'%s' is not a pg_trickle refresh mode; use one of %s".formatted(text, storedSqlNames())));
    }

    /** The modes the catalog can hold, for messages: {@code FULL, DIFFERENTIAL, IMMEDIATE}. */
    public static String storedSqlNames() {
        return Arrays.stream(values())
                .filter(RefreshMode::storedInCatalog)
                .map(RefreshMode::sqlName)
                .collect(Collectors.joining(", "));
    }

    /**
     * Every spelling a model's {@code refresh_mode} accepts, for messages: {@code FULL, DIFFERENTIAL (alias
     * INCREMENTAL), AUTO, IMMEDIATE}.
     */
    public static String configSpellings() {
        return Arrays.stream(values())
                .map(mode -> mode == DIFFERENTIAL
                        ? "%s (alias %s)".formatted(mode.sqlName(), DEPRECATED_ALIAS)
                        : mode.sqlName())
                .collect(Collectors.joining(", "));
    }
}
