package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.engine.ProjectHandle;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.materialize.RunFailedException;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.operations.StreamTableOperations;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.seed.SeedResult;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.sql.DataSource;
import org.apiguardian.api.API;

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
 * <p>Its verbs are {@link ProjectHandle}'s, so they mean the same as on an injected {@link ProjectSession}:
 * {@link #fullRefresh()} is {@code dbt run --full-refresh}, {@link #build()} seeds, runs and awaits again. Like the
 * dbt commands, {@link #seed()}, the run verbs, {@link #build()} and {@link #test()} run the project's {@code
 * on-run-start} and {@code on-run-end} hooks around their nodes.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1")
public final class PgTrickleProjectHandle implements ProjectHandle {

    private final ProjectSession session;

    PgTrickleProjectHandle(ProjectSession session) {
        this.session = session;
    }

    /** Load every seed again ({@code dbt seed}). */
    @Override
    public List<SeedResult> seed() {
        return session.seed();
    }

    /**
     * Materialize the configured selection again ({@code dbt run}).
     *
     * @throws RunFailedException listing each failed model, its error and compiled SQL, when a model failed; use
     *     {@link #runAllowingFailures()} for the results of a run that is meant to fail
     */
    @Override
    public RunResults run() {
        return session.run();
    }

    /**
     * Materialize what {@code selector} picks (dbt selector syntax, e.g. {@code "order_totals+"}).
     *
     * @throws RunFailedException when a model failed
     */
    @Override
    public RunResults run(String selector) {
        return session.run(selector);
    }

    /**
     * Materialize the configured selection as a full refresh ({@code dbt run --full-refresh}).
     *
     * @throws RunFailedException when a model failed
     */
    @Override
    public RunResults fullRefresh() {
        return session.fullRefresh();
    }

    /**
     * Do again what happened before the first test: load the seeds, materialize the configured selection and wait
     * for its stream tables.
     *
     * @throws RunFailedException when a model failed (after the others were built and awaited)
     */
    @Override
    public RunResults build() {
        return session.build();
    }

    /** {@link #run()} returning the results of a failing run, failed models included, instead of throwing. */
    @Override
    public RunResults runAllowingFailures() {
        return session.runAllowingFailures();
    }

    /** {@link #run(String)} returning the results of a failing run instead of throwing. */
    @Override
    public RunResults runAllowingFailures(String selector) {
        return session.runAllowingFailures(selector);
    }

    /** {@link #fullRefresh()} returning the results of a failing run instead of throwing. */
    @Override
    public RunResults fullRefreshAllowingFailures() {
        return session.fullRefreshAllowingFailures();
    }

    /** {@link #build()} returning the results of a failing run instead of throwing. */
    @Override
    public RunResults buildAllowingFailures() {
        return session.buildAllowingFailures();
    }

    /**
     * Load the seeds, materialize the configured selection and wait for its stream tables.
     *
     * @deprecated {@code rebuild()} meant this here but a full refresh on {@link ProjectSession}; use {@link #build()}
     *     (or {@link #fullRefresh()} for {@code dbt run --full-refresh})
     */
    @Deprecated(since = "0.1.0")
    public RunResults rebuild() {
        return build();
    }

    /** Run the project's dbt tests that go with the configured selection ({@code dbt test}). */
    @Override
    public DbtTestResults test() {
        return session.test();
    }

    /**
     * Replace one model's SQL (Jinja source, {@code config()} and {@code ref()} allowed) for the following runs, as if
     * its file had been edited; the file itself is not touched. Run afterwards to apply it.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException naming the project's models when there is no such model
     */
    @Override
    public PgTrickleProjectHandle overrideModelSql(String model, String sql) {
        session.overrideModelSql(model, sql);
        return this;
    }

    /**
     * Replace one model's SQL for the following runs.
     *
     * @deprecated the same verb as {@link ProjectSession}'s: use {@link #overrideModelSql(String, String)}
     */
    @Deprecated(since = "0.1.0")
    public PgTrickleProjectHandle overrideModel(String model, String sql) {
        return overrideModelSql(model, sql);
    }

    /**
     * Override one {@code config()} value of a model for the following runs (e.g. {@code schedule} to {@code "5m"});
     * it wins over every other layer, and {@code null} means "none" (a {@code null} schedule is CALCULATED). Run
     * afterwards to apply it.
     */
    @Override
    public PgTrickleProjectHandle overrideModelConfig(String model, String key, Object value) {
        session.overrideModelConfig(model, key, value);
        return this;
    }

    /** Override several {@code config()} values of a model for the following runs. */
    @Override
    public PgTrickleProjectHandle overrideModelConfig(String model, Map<String, ?> config) {
        session.overrideModelConfig(model, config);
        return this;
    }

    /**
     * Override one {@code config()} value of a model for the following runs.
     *
     * @deprecated the same verb as {@link ProjectSession}'s: use {@link #overrideModelConfig(String, String, Object)}
     */
    @Deprecated(since = "0.1.0")
    public PgTrickleProjectHandle overrideConfig(String model, String key, Object value) {
        return overrideModelConfig(model, key, value);
    }

    /**
     * Override several {@code config()} values of a model for the following runs.
     *
     * @deprecated the same verb as {@link ProjectSession}'s: use {@link #overrideModelConfig(String, Map)}
     */
    @Deprecated(since = "0.1.0")
    public PgTrickleProjectHandle overrideConfig(String model, Map<String, ?> config) {
        return overrideModelConfig(model, config);
    }

    /**
     * Forget every override; the next run sees the project as it is on disk and undoes every overridden key (see
     * {@link ProjectHandle#clearOverrides()}).
     */
    @Override
    public PgTrickleProjectHandle clearOverrides() {
        session.clearOverrides();
        return this;
    }

    /** The results of the most recent run, if there was one. */
    @Override
    public Optional<RunResults> lastRunResults() {
        return session.lastRunResults();
    }

    /**
     * The results of the most recent run.
     *
     * @throws NoSuchElementException before the first run
     * @deprecated the same verb as {@link ProjectSession}'s: use {@link #lastRunResults()}
     */
    @Deprecated(since = "0.1.0")
    public RunResults lastRun() {
        return requireLastRun();
    }

    /** The results of the most recent run, for the {@code RunResults} parameter; fails before the first run. */
    RunResults requireLastRun() {
        return lastRunResults().orElseThrow(() -> new NoSuchElementException("the project has not been run yet"));
    }

    /** Wait until the stream tables of the most recent run are populated, within the await timeout. */
    @Override
    public List<StreamTableState> awaitPopulated() {
        return session.awaitPopulated();
    }

    /** Wait until the named stream tables (model or {@code schema.name}) are populated, within the await timeout. */
    @Override
    public List<StreamTableState> awaitPopulated(String... names) {
        return session.awaitPopulated(names);
    }

    /** A handle on a stream table, by model name or {@code schema.name}. */
    @Override
    public StreamTable streamTable(String name) {
        return session.streamTable(name);
    }

    /** The dbt-pgtrickle run-operations: refresh, refresh all, freshness, CDC health, drop all, list. */
    @Override
    public StreamTableOperations operations() {
        return session.operations();
    }

    /**
     * A new connection to the class's database, with the profile target's schema first in its {@code search_path}
     * (then {@code public}), so unqualified names in a test's SQL find the relations the project built; the caller
     * closes it.
     */
    @Override
    public Connection connect() throws SQLException {
        return session.connect();
    }

    /** An unpooled data source for the class's database; its connections have the search path of {@link #connect()}. */
    public DataSource dataSource() {
        return session.database().dataSource(session.searchPath());
    }

    /** The project as compiled for the latest run or seed: models, seeds, sources and their dependency graph. */
    @Override
    public CompiledProject compiledProject() {
        return session.compiledProject();
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
