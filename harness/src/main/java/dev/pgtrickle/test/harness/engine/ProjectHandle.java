package dev.pgtrickle.test.harness.engine;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.materialize.RunFailedException;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.operations.StreamTableOperations;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.seed.SeedResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The verbs a test uses on its dbt project, with one meaning wherever they appear: {@link ProjectSession} and the
 * JUnit extension's injected {@code PgTrickleProjectHandle} both implement them, so {@code fullRefresh()} or
 * {@code build()} does the same on either.
 *
 * <ul>
 *   <li>{@link #seed()}: {@code dbt seed}; {@link #run()}: {@code dbt run}; {@link #fullRefresh()}:
 *       {@code dbt run --full-refresh}; {@link #build()}: seed, run and await, as before the first test;
 *       {@link #test()}: {@code dbt test}.
 *   <li>A run in which a model fails throws {@link RunFailedException}, an opentest4j {@code AssertionFailedError};
 *       a test that expects a failure asks for the results with {@link #runAllowingFailures()},
 *       {@link #fullRefreshAllowingFailures()} or {@link #buildAllowingFailures()}.
 *   <li>Each verb that executes nodes runs the project's {@code on-run-start} hooks before them and its {@code
 *       on-run-end} hooks after them, as the dbt command it stands for does (none when it has nothing to do); the
 *       results list them ({@link RunResults#hooks()}), and a failed hook makes the verb throw an
 *       {@link IllegalStateException} naming it, after the nodes and the other hooks ran.
 *   <li>{@link #overrideModelSql}, {@link #overrideModelConfig}: change a model for the following runs, never the
 *       files on disk; {@link #clearOverrides()} forgets them.
 * </ul>
 */
@API(status = STABLE, since = "0.1")
public interface ProjectHandle {

    /** Load every seed ({@code dbt seed}). */
    List<SeedResult> seed();

    /**
     * Materialize the configured selection ({@code dbt run}).
     *
     * @throws RunFailedException listing each failed model, its error and compiled SQL, when a model failed; the
     *     results are still the {@link #lastRunResults()}. Use {@link #runAllowingFailures()} to get them instead.
     */
    RunResults run();

    /**
     * Materialize what {@code select} picks (dbt selector syntax, e.g. {@code "order_totals+"}).
     *
     * @throws RunFailedException when a model failed (see {@link #run()})
     */
    RunResults run(String select);

    /**
     * Materialize the configured selection as a full refresh ({@code dbt run --full-refresh}).
     *
     * @throws RunFailedException when a model failed (see {@link #run()})
     */
    RunResults fullRefresh();

    /**
     * Load the seeds, materialize the configured selection and wait for the stream tables it built: what happens before
     * the first test. When a model failed, the others are still built and awaited, then this throws.
     *
     * @throws RunFailedException when a model failed (see {@link #run()})
     */
    RunResults build();

    /**
     * {@link #run()} for a test that expects models to fail: returns the results, failed models included ({@link
     * RunResults#failures()}), instead of throwing.
     */
    RunResults runAllowingFailures();

    /** {@link #run(String)} returning the results of a failing run instead of throwing. */
    RunResults runAllowingFailures(String select);

    /** {@link #fullRefresh()} returning the results of a failing run instead of throwing. */
    RunResults fullRefreshAllowingFailures();

    /** {@link #build()} returning the results of a failing run instead of throwing. */
    RunResults buildAllowingFailures();

    /** Run the project's dbt tests that go with the configured selection ({@code dbt test}). */
    DbtTestResults test();

    /**
     * Replace one model's SQL (its Jinja source; {@code config()} and {@code ref()} allowed) for the following runs, as
     * if its file had been edited; the file itself is not touched. Run afterwards to apply it.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException naming the project's models when there is no such model
     */
    ProjectHandle overrideModelSql(String model, String sql);

    /**
     * Override {@code config()} values of a model for the following runs; they win over every other layer, the model's
     * own {@code config()} call included, and {@code null} means "none" (a {@code null} schedule is CALCULATED).
     */
    ProjectHandle overrideModelConfig(String model, Map<String, ?> config);

    /** Override one {@code config()} value of a model for the following runs (e.g. {@code schedule} to {@code "5m"}). */
    ProjectHandle overrideModelConfig(String model, String key, Object value);

    /**
     * Forget every override; the next run sees the project as it is on disk. The next run that builds an overridden
     * model gives every overridden key back its project value or default: {@code schedule}, {@code refresh_mode},
     * {@code status} (a {@code status: SUSPENDED} override is undone) and the options the project sets are altered
     * back; a stream table option that only the override set ({@code cdc_mode}, {@code append_only}, {@code fuse},
     * ...) is undone by creating the stream table again (reason {@code OVERRIDE_CLEARED}), which pg_trickle refuses,
     * failing the run with a message, while other stream tables read it: run a full refresh then.
     */
    ProjectHandle clearOverrides();

    /** The results of the most recent run, if there was one. */
    Optional<RunResults> lastRunResults();

    /** Wait until the stream tables of the most recent run are populated, within the await timeout. */
    List<StreamTableState> awaitPopulated();

    /** Wait until the named stream tables (model or {@code schema.name}) are populated, within the await timeout. */
    List<StreamTableState> awaitPopulated(String... names);

    /** A handle on a stream table, by model name or {@code schema.name}. */
    StreamTable streamTable(String name);

    /** The dbt-pgtrickle run-operations: refresh, refresh all, freshness, CDC health, drop all, list. */
    StreamTableOperations operations();

    /** The project as compiled for the latest run or seed: models, seeds, sources and their dependency graph. */
    CompiledProject compiledProject();

    /**
     * A new connection to the project's database, with the profile target's schema first in its {@code search_path}
     * (then {@code public}); the caller closes it.
     */
    Connection connect() throws SQLException;
}
