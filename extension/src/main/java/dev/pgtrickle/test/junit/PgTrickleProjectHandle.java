package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.operations.StreamTableOperations;
import dev.pgtrickle.test.harness.seed.SeedResult;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The test class's dbt project, for tests that run it again: a re-run, a selection, a full refresh, a regression test
 * that changes one model, or the dbt-pgtrickle run-operations. Inject it as a parameter:
 *
 * <pre>{@code
 * @Test
 * void rerunIsANoOp(PgTrickleProjectHandle project) {
 *     assertThat(project.run()).model("order_totals").wasUnchanged();
 * }
 * }</pre>
 *
 * <p>Every call works on the class's database, and every run becomes the "last run" that a {@code RunResults} parameter
 * receives. Overrides change the project as this class's runs see it, never the files on disk; they stay until
 * {@link #clearOverrides()}. The handle belongs to one test class: do not use it from several threads at once.
 *
 * @since 0.1.0
 */
public final class PgTrickleProjectHandle {

    private final ProjectSession session;

    PgTrickleProjectHandle(ProjectSession session) {
        this.session = session;
    }

    /** Load every seed again ({@code dbt seed}). */
    public List<SeedResult> seed() {
        return session.seed();
    }

    /** Materialize the configured selection again ({@code dbt run}). */
    public RunResults run() {
        return session.run();
    }

    /** Materialize what {@code selector} picks (dbt selector syntax, e.g. {@code "order_totals+"}). */
    public RunResults run(String selector) {
        return session.run(selector);
    }

    /** Materialize the configured selection as a full refresh ({@code dbt run --full-refresh}). */
    public RunResults fullRefresh() {
        return session.rebuild();
    }

    /**
     * Do again what happened before the first test: load the seeds, materialize the configured selection and wait
     * for its stream tables.
     */
    public RunResults rebuild() {
        session.seed();
        RunResults run = session.run();
        session.awaitPopulated();
        return run;
    }

    /**
     * Replace one model's SQL (Jinja source, {@code config()} and {@code ref()} allowed) for the following runs, as if
     * its file had been edited; the file itself is not touched. Run afterwards to apply it.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException naming the project's models when there is no such model
     */
    public PgTrickleProjectHandle overrideModel(String model, String sql) {
        session.overrideModelSql(model, sql);
        return this;
    }

    /**
     * Override one {@code config()} value of a model for the following runs (e.g. {@code schedule} to {@code "5m"});
     * it wins over every other layer, and {@code null} means "none" (a {@code null} schedule is CALCULATED). Run
     * afterwards to apply it.
     */
    public PgTrickleProjectHandle overrideConfig(String model, String key, Object value) {
        Map<String, Object> config = new HashMap<>();
        config.put(key, value);
        session.overrideModelConfig(model, config);
        return this;
    }

    /** Override several {@code config()} values of a model for the following runs. */
    public PgTrickleProjectHandle overrideConfig(String model, Map<String, ?> config) {
        session.overrideModelConfig(model, config);
        return this;
    }

    /** Forget every override; the next run sees the project as it is on disk. */
    public PgTrickleProjectHandle clearOverrides() {
        session.clearOverrides();
        return this;
    }

    /** The results of the most recent run. */
    public RunResults lastRun() {
        return session.lastRunResults()
                .orElseThrow(() -> new NoSuchElementException("the project has not been run yet"));
    }

    /** Wait until the stream tables of the most recent run are populated, within the await timeout. */
    public List<StreamTableState> awaitPopulated() {
        return session.awaitPopulated();
    }

    /** Wait until the named stream tables (model or {@code schema.name}) are populated, within the await timeout. */
    public List<StreamTableState> awaitPopulated(String... names) {
        return session.awaitPopulated(names);
    }

    /** A handle on a stream table, by model name or {@code schema.name}. */
    public StreamTable streamTable(String name) {
        return session.streamTable(name);
    }

    /** The dbt-pgtrickle run-operations: refresh, refresh all, freshness, CDC health, drop all, list. */
    public StreamTableOperations operations() {
        return session.operations();
    }

    /**
     * A new connection to the class's database, with the profile target's schema first in its {@code search_path}
     * (then {@code public}), so unqualified names in a test's SQL find the relations the project built; the caller
     * closes it.
     */
    public Connection connect() throws SQLException {
        return session.database().connect(searchPath());
    }

    /** An unpooled data source for the class's database; its connections have the search path of {@link #connect()}. */
    public DataSource dataSource() {
        return session.database().dataSource(searchPath());
    }

    private List<String> searchPath() {
        return Stream.of(session.compiledProject().options().target().schema(), "public")
                .distinct()
                .toList();
    }

    /** Real or emulated pg_trickle, its version and capabilities. */
    public PgTrickleInfo pgTrickle() {
        return session.database().pgTrickle();
    }

    /** The name of the class's database. */
    public String databaseName() {
        return session.database().name();
    }

    @Override
    public String toString() {
        return "project %s in %s".formatted(session.options().projectDir(), session.database());
    }
}
