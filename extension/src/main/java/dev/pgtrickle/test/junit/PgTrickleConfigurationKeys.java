package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.server.ServerSettings;

/**
 * The configuration parameter keys {@link PgTrickleProject} falls back to. Each can be set in
 * {@code junit-platform.properties} or as a system property.
 *
 * @since 0.1.0
 */
public final class PgTrickleConfigurationKeys {

    /** The dbt project directory. */
    public static final String PROJECT = "pgtrickle.project";

    /** The backend: {@code embedded}, {@code container}, {@code external} or {@code auto}. */
    public static final String BACKEND = ServerSettings.BACKEND_KEY;

    /** The container image. */
    public static final String IMAGE = ServerSettings.IMAGE_KEY;

    /** The profile target. */
    public static final String TARGET = "pgtrickle.target";

    /** Project variables, comma-separated {@code key=value} pairs. */
    public static final String VARS = "pgtrickle.vars";

    /** The dbt node selector of what to build. */
    public static final String SELECT = "pgtrickle.select";

    /** The dbt node selector of what to leave out. */
    public static final String EXCLUDE = "pgtrickle.exclude";

    /** {@code true} for a full-refresh run. */
    public static final String FULL_REFRESH = "pgtrickle.full-refresh";

    /** {@code true} to run the project's dbt tests before the first test. */
    public static final String RUN_DBT_TESTS = "pgtrickle.run-dbt-tests";

    /** How long to wait for stream tables, e.g. {@code 60s}. */
    public static final String AWAIT_TIMEOUT = "pgtrickle.await-timeout";

    /** Setup SQL files, comma-separated. */
    public static final String SETUP_SCRIPTS = "pgtrickle.setup-scripts";

    private PgTrickleConfigurationKeys() {}
}
