package dev.pgtrickle.test.junit.engine;

/**
 * Keys of the report entries the {@code pgtrickle-dbt} engine publishes, for listeners such as the command line.
 * Seeds, models and dbt tests carry {@link #STATUS}, {@link #DETAIL}, {@link #ELAPSED_MILLIS} and {@link #UNIQUE_ID};
 * a project run with {@code pgtrickle.dbt.keep=true} publishes {@link #JDBC_URL} on the project when it starts waiting.
 */
public final class DbtReportKeys {

    /** dbt's status word: {@code OK}, {@code ERROR} (seeds, models), {@code PASS}, {@code WARN}, {@code FAIL}. */
    public static final String STATUS = "pgtrickle.status";

    /** A short note: rows loaded, materialization and action. */
    public static final String DETAIL = "pgtrickle.detail";

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

    /** Published on the project when its run starts: backend, PostgreSQL version, pg_trickle real or emulated. */
    public static final String BACKEND_LINE = "pgtrickle.backend";

    /** Unique-id segment types of the engine's descriptors. */
    public static final String PROJECT_SEGMENT = DbtProjectDescriptor.SEGMENT;

    public static final String SEED_SEGMENT = DbtNodeDescriptor.SEED;
    public static final String MODEL_SEGMENT = DbtNodeDescriptor.MODEL;
    public static final String TEST_SEGMENT = DbtNodeDescriptor.TEST;

    private DbtReportKeys() {}
}
