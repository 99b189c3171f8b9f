package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A switch in {@link PgTrickleProject} that can also be left to the configuration: {@link #DEFAULT} means "use the
 * configuration parameter if one is set, otherwise the built-in default".
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1")
public enum Toggle {
    /** Use the configuration parameter, or the built-in default when none is set. */
    DEFAULT,
    /** On, whatever the configuration says. */
    ENABLED,
    /** Off, whatever the configuration says. */
    DISABLED
}
