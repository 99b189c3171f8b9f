package dev.pgtrickle.test.harness.server;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/** Where the PostgreSQL 18 server under a test comes from. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum BackendKind {
    /** Pick one: external settings present, else Docker available (container), else embedded. */
    AUTO,
    /** PostgreSQL 18 from the zonky binaries, with the pg_trickle emulation installed into each database. */
    EMBEDDED,
    /** The real pg_trickle image, run with Testcontainers. */
    CONTAINER,
    /** A server somebody else runs; the harness only creates and drops what it owns there. */
    EXTERNAL;

    /**
     * Parse a backend name as users write it ({@code embedded}, {@code CONTAINER}, ...).
     *
     * @param value the name; blank means {@link #AUTO}
     * @param origin where the value came from, for the error message
     */
    public static BackendKind parse(String value, String origin) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(values())
                    .map(kind -> kind.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException(
                    "%s: unknown backend '%s'; use one of %s".formatted(origin, value, allowed), e);
        }
    }
}
