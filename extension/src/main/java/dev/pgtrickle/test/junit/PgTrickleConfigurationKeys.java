package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.settings.Setting;
import org.apiguardian.api.API;

/**
 * The configuration parameter keys {@link PgTrickleProject} falls back to. Each can be set in
 * {@code junit-platform.properties} or as a system property. The keys are rows of the harness's key table
 * ({@link Setting}), which also lists the settings of the {@code pgtrickle-dbt} engine and the command line.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1")
public final class PgTrickleConfigurationKeys {

    /** The dbt project directory. */
    public static final String PROJECT = Setting.Keys.PROJECT;

    /** The backend: {@code embedded}, {@code container}, {@code external} or {@code auto}. */
    public static final String BACKEND = Setting.Keys.BACKEND;

    /** The container image. */
    public static final String IMAGE = Setting.Keys.IMAGE;

    /** The profile target. */
    public static final String TARGET = Setting.Keys.TARGET;

    /** Project variables: a YAML map as dbt's {@code --vars}, or comma-separated {@code key=value} pairs. */
    public static final String VARS = Setting.Keys.VARS;

    /** The dbt node selector of what to build. */
    public static final String SELECT = Setting.Keys.SELECT;

    /** The dbt node selector of what to leave out. */
    public static final String EXCLUDE = Setting.Keys.EXCLUDE;

    /** {@code true} for a full-refresh run. */
    public static final String FULL_REFRESH = Setting.Keys.FULL_REFRESH;

    /** {@code true} to run the project's dbt tests before the first test. */
    public static final String RUN_DBT_TESTS = Setting.Keys.RUN_DBT_TESTS;

    /** How long to wait for stream tables, e.g. {@code 60s}. */
    public static final String AWAIT_TIMEOUT = Setting.Keys.AWAIT_TIMEOUT;

    /** Setup SQL files, comma-separated. */
    public static final String SETUP_SCRIPTS = Setting.Keys.SETUP_SCRIPTS;

    private PgTrickleConfigurationKeys() {}
}
