package dev.pgtrickle.test.junit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.settings.Setting;
import org.apiguardian.api.API;

/**
 * Keys of the report entries the {@code pgtrickle-dbt} engine publishes, for listeners such as the command line.
 * Seeds, models and dbt tests carry {@link #STATUS}, {@link #DETAIL}, {@link #ELAPSED_MILLIS} and {@link #UNIQUE_ID};
 * a project run with {@code pgtrickle.dbt.keep=true} publishes {@link #JDBC_URL} on the project when it starts waiting.
 */
@API(status = INTERNAL, since = "0.1")
public final class DbtReportKeys {

    /** dbt's status word: {@code OK}, {@code ERROR} (seeds, models), {@code PASS}, {@code WARN}, {@code FAIL}. */
    public static final String STATUS = "pgtrickle.status";

    /** A short note: rows loaded, materialization and action. */
    public static final String DETAIL = "pgtrickle.detail";

    /**
     * What PostgreSQL answered a model's main statement ({@code INSERT 0 3}), when known: dbt's {@code adapter_response}
     * and {@code message} in {@code run_results.json}.
     */
    public static final String COMMAND_STATUS = "pgtrickle.commandStatus";

    /** The node's own wall time in milliseconds. */
    public static final String ELAPSED_MILLIS = "pgtrickle.elapsedMillis";

    /**
     * The project's warnings (what dbt warns about while loading: a property entry for a missing model, resources not
     * built), one per line, published on the project once it is loaded.
     */
    public static final String WARNINGS = "pgtrickle.warnings";

    /** dbt's unique id of the node ({@code model.<project>.<name>}, {@code test.<project>.<test>}, ...). */
    public static final String UNIQUE_ID = "pgtrickle.uniqueId";

    /** The kept database's JDBC URL, with the user (and password, if any) as URL parameters. */
    public static final String JDBC_URL = "pgtrickle.jdbcUrl";

    /**
     * The message of the error that stopped the project, published on the project before the nodes it stopped are
     * skipped (the project's own failure, with the exception, can only follow them), so that a listener can print the
     * cause before its consequences.
     */
    public static final String PROJECT_ERROR = "pgtrickle.projectError";

    /** Published on the project when its run starts: backend, PostgreSQL version, pg_trickle real or emulated. */
    public static final String BACKEND_LINE = "pgtrickle.backend";

    /** Unique-id segment types of the engine's descriptors. */
    public static final String PROJECT_SEGMENT = DbtProjectDescriptor.SEGMENT;

    public static final String SEED_SEGMENT = DbtNodeDescriptor.SEED;
    public static final String MODEL_SEGMENT = DbtNodeDescriptor.MODEL;
    public static final String TEST_SEGMENT = DbtNodeDescriptor.TEST;

    // Configuration keys this class carried before the settings key table existed. Kept so that code written against
    // them still compiles; each now names the key's current spelling, which every entrance reads.

    /** @deprecated use {@link Setting.Keys#PHASES} */
    @Deprecated
    public static final String PHASES = Setting.Keys.PHASES;

    /** @deprecated use {@link Setting.Keys#SELECT} */
    @Deprecated
    public static final String SELECT = Setting.Keys.SELECT;

    /** @deprecated use {@link Setting.Keys#EXCLUDE} */
    @Deprecated
    public static final String EXCLUDE = Setting.Keys.EXCLUDE;

    /** @deprecated use {@link Setting.Keys#FULL_REFRESH} */
    @Deprecated
    public static final String FULL_REFRESH = Setting.Keys.FULL_REFRESH;

    /** @deprecated use {@link Setting.Keys#VARS} */
    @Deprecated
    public static final String VARS = Setting.Keys.VARS;

    /** @deprecated use {@link Setting.Keys#TARGET} */
    @Deprecated
    public static final String TARGET = Setting.Keys.TARGET;

    /** @deprecated use {@link Setting.Keys#BACKEND} */
    @Deprecated
    public static final String BACKEND = Setting.Keys.BACKEND;

    /** @deprecated use {@link Setting.Keys#KEEP} */
    @Deprecated
    public static final String KEEP = Setting.Keys.KEEP;

    /** @deprecated use {@link Setting.Keys#FAILING_ROWS} */
    @Deprecated
    public static final String FAILING_ROWS = Setting.Keys.FAILING_ROWS;

    /** @deprecated use {@link Setting.Keys#SETUP_SCRIPTS} */
    @Deprecated
    public static final String SETUP_SCRIPTS = Setting.Keys.SETUP_SCRIPTS;

    /** @deprecated use {@link Setting.Keys#COMPILED_PATH} */
    @Deprecated
    public static final String COMPILED_PATH = Setting.Keys.COMPILED_PATH;

    private DbtReportKeys() {}
}
