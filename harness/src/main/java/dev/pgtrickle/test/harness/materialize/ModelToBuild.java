package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One compiled model, ready to be materialized: what the materializations need from the project, the renderer and the
 * graph, and nothing more.
 *
 * @param name the model name
 * @param file the model's {@code .sql} file, for messages
 * @param relation the relation dbt would build ({@code this}): target or custom schema, alias applied
 * @param materialization the configured materialization, as dbt spells it; {@link #typedMaterialization()} reads it
 *     and refuses anything pgtrickle-test does not build with a message naming {@link #file()}
 * @param compiledSql the rendered SQL (ephemeral upstream models already inlined as CTEs)
 * @param config the model's merged config (project file &lt; property file &lt; {@code config()}); a key mapped to
 *     {@code null} was set to {@code none}/{@code null}, which differs from an absent key (see {@code schedule})
 * @param preHooks rendered pre-hook statements, run before the model in order (see {@link HookStatement})
 * @param postHooks rendered post-hook statements, run after the model in order
 * @param upstreamModels names of the models this one refs (directly); used to skip it when one of them failed
 * @param compileError why the model could not be rendered with {@code execute} true, when it could not: dbt fails
 *     such a node (and skips what reads it) but builds the rest
 */
public record ModelToBuild(
        String name,
        Path file,
        Relation relation,
        String materialization,
        String compiledSql,
        Map<String, Object> config,
        List<HookStatement> preHooks,
        List<HookStatement> postHooks,
        Set<String> upstreamModels,
        Optional<String> compileError) {

    /** A model that compiled. */
    public ModelToBuild(
            String name,
            Path file,
            Relation relation,
            String materialization,
            String compiledSql,
            Map<String, Object> config,
            List<HookStatement> preHooks,
            List<HookStatement> postHooks,
            Set<String> upstreamModels) {
        this(
                name,
                file,
                relation,
                materialization,
                compiledSql,
                config,
                preHooks,
                postHooks,
                upstreamModels,
                Optional.empty());
    }

    public ModelToBuild {
        Objects.requireNonNull(compileError, "compileError");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(materialization, "materialization");
        Objects.requireNonNull(compiledSql, "compiledSql");
        // Map.copyOf refuses null values, and a null value means "set to none" here.
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        preHooks = List.copyOf(preHooks);
        postHooks = List.copyOf(postHooks);
        upstreamModels = Set.copyOf(upstreamModels);
    }

    /**
     * The stream table a {@code stream_table} model builds: {@code stream_table_schema}.{@code stream_table_name}
     * (trimmed), each defaulting to the model's relation. The one rule for the name: {@link StreamTableSettings} checks
     * the two values, the session finds the model's stream table by it.
     */
    public Relation streamTableName() {
        return new Relation(
                configName("stream_table_schema").orElse(relation.schema()),
                configName("stream_table_name").orElse(relation.identifier()));
    }

    private Optional<String> configName(String key) {
        return Optional.ofNullable(config.get(key))
                .map(value -> value.toString().trim())
                .filter(name -> !name.isEmpty());
    }

    /** The model and its file, for messages: {@code model 'order_totals' (models/marts/order_totals.sql)}. */
    public String describe() {
        return "model '%s' (%s)".formatted(name, file);
    }

    /**
     * The {@link #materialization()} as the {@link Materialization} it names.
     *
     * @throws MaterializationConfigException naming this model and its file when pgtrickle-test does not build it
     */
    public Materialization typedMaterialization() {
        return Materialization.parse(materialization, describe());
    }

    /** A copy with {@code key} set to {@code value} in its config. */
    public ModelToBuild withConfig(String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(config);
        changed.put(key, value);
        return new ModelToBuild(
                name,
                file,
                relation,
                materialization,
                compiledSql,
                changed,
                preHooks,
                postHooks,
                upstreamModels,
                compileError);
    }

    /** A copy with other compiled SQL (used to override a model's SQL in regression tests). */
    public ModelToBuild withCompiledSql(String sql) {
        return new ModelToBuild(
                name, file, relation, materialization, sql, config, preHooks, postHooks, upstreamModels, compileError);
    }
}
