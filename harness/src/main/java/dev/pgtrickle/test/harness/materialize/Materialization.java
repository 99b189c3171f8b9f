package dev.pgtrickle.test.harness.materialize;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The dbt materializations pgtrickle-test builds, by their dbt names ({@code materialized} in a model's config).
 * dbt's own set is open (adapters and packages add more); any other name is refused per model by {@link #parse}, and
 * fails only that model's build.
 */
@API(status = STABLE, since = "0.1")
public enum Materialization {
    /** dbt-pgtrickle's {@code stream_table}: a pg_trickle stream table kept up to date by the extension. */
    STREAM_TABLE("stream_table"),
    /** A view, dbt's default. */
    VIEW("view"),
    /** A table, rebuilt on every run. */
    TABLE("table"),
    /** No relation: the model is inlined as a CTE into the models that ref it. */
    EPHEMERAL("ephemeral"),
    /**
     * dbt's {@code incremental}: a table created from the model on the first run (and on a full refresh), to which
     * later runs add the model's new rows ({@code is_incremental()} true) with dbt-postgres's strategies (see {@code
     * IncrementalMaterialization}).
     */
    INCREMENTAL("incremental"),
    /**
     * dbt-postgres's {@code materialized_view}: created once, refreshed ({@code REFRESH MATERIALIZED VIEW}) on later
     * runs, recreated on {@code --full-refresh} or when another kind of relation stands in its place.
     */
    MATERIALIZED_VIEW("materialized_view"),
    /**
     * dbt's {@code snapshot}, for the snapshots of a project (never set on a model): a table keeping every version of
     * the query's rows, with their validity ({@code dbt_valid_from}, {@code dbt_valid_to}); see {@code
     * SnapshotMaterialization}.
     */
    SNAPSHOT("snapshot");

    private final String dbtName;

    Materialization(String dbtName) {
        this.dbtName = dbtName;
    }

    /** The name dbt uses: {@code stream_table}, {@code view}, {@code table}, {@code ephemeral}. */
    public String dbtName() {
        return dbtName;
    }

    /** Whether {@code materialized} (a config value, exact as dbt compares it) names this materialization. */
    public boolean matches(String materialized) {
        return dbtName.equals(materialized);
    }

    /**
     * The materialization dbt calls {@code materialized} (exact, as dbt looks materializations up by name).
     *
     * @return the materialization, or empty when pgtrickle-test does not build it
     */
    public static Optional<Materialization> find(String materialized) {
        return Arrays.stream(values())
                .filter(each -> each.matches(materialized))
                .findFirst();
    }

    /**
     * The materialization {@code owner} asks for.
     *
     * @param materialized the configured name
     * @param owner the model and its file, as {@link ModelToBuild#describe()} gives them
     * @throws MaterializationConfigException naming the owner, the value and what is built, when it is not one of
     *     these
     */
    public static Materialization parse(String materialized, String owner) {
        return find(materialized)
                .orElseThrow(() -> new MaterializationConfigException(
                        "%s: unknown materialization '%s'; pgtrickle-test builds %s (set materialized in the model's"
                                        .formatted(owner, materialized, dbtNames())
                                + " config() or under models: in dbt_project.yml)"));
    }

    /** Every dbt name, comma-separated, for messages: {@code stream_table, view, table, ephemeral}. */
    public static String dbtNames() {
        return Arrays.stream(values()).map(Materialization::dbtName).collect(Collectors.joining(", "));
    }
}
