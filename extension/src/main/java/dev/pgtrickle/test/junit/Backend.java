package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.server.BackendKind;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The server of {@link PgTrickleProject#server()}, with {@link #DEFAULT} meaning "not set here": as
 * {@link Toggle#DEFAULT}, the configuration parameter {@value PgTrickleConfigurationKeys#BACKEND} then decides, else
 * {@link #AUTO}.
 *
 * @since 0.2.0
 */
@API(status = STABLE, since = "0.1")
public enum Backend {
    /** Use the configuration parameter, or {@link #AUTO} when none is set. */
    DEFAULT,
    /** External settings if present, else Docker if available (container), else embedded. */
    AUTO,
    /** PostgreSQL 18 from the zonky binaries with the pg_trickle emulation. */
    EMBEDDED,
    /** The real pg_trickle image, run with Testcontainers. */
    CONTAINER,
    /** A server somebody else runs ({@code pgtrickle.external.*} or the {@code PG*} variables). */
    EXTERNAL;

    /** The harness's backend this stands for; empty for {@link #DEFAULT}. */
    public Optional<BackendKind> kind() {
        return this == DEFAULT ? Optional.empty() : Optional.of(BackendKind.valueOf(name()));
    }
}
