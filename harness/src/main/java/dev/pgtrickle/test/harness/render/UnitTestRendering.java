package dev.pgtrickle.test.harness.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a model renders for one dbt unit test: each {@code ref()}, {@code source()} and {@code this} the test gives rows
 * for becomes the CTE of those rows (named as dbt names them, {@code __dbt__cte__<name>}); any other {@code ref()} or
 * {@code source()} is an error, since the test must give every input; the overrides win over vars, the environment and
 * macros.
 *
 * @param refs the model and seed names given as {@code ref('name')}
 * @param sources the source tables given as {@code source('source', 'table')}, written {@code source.table}
 * @param thisGiven whether {@code this} is given (incremental models)
 * @param vars {@code overrides: vars:}
 * @param envVars {@code overrides: env_vars:}
 * @param macros {@code overrides: macros:}: what each named macro returns (e.g. {@code is_incremental: true})
 */
public record UnitTestRendering(
        Set<String> refs,
        Set<String> sources,
        boolean thisGiven,
        Map<String, Object> vars,
        Map<String, String> envVars,
        Map<String, Object> macros) {

    private static final String PREFIX = "__dbt__cte__";

    public UnitTestRendering {
        refs = Set.copyOf(refs);
        sources = Set.copyOf(sources);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        envVars = Map.copyOf(envVars);
        macros = Collections.unmodifiableMap(new LinkedHashMap<>(macros));
    }

    /**
     * {@code modelSql} (as {@link CompiledProject#renderForUnitTest} gives it) with the inputs' CTEs in front, as dbt
     * injects ephemeral nodes: a model that starts with {@code with} keeps one list of CTEs.
     *
     * @param inputs CTE name to the query giving its rows, in order
     */
    public static String withInputs(String modelSql, Map<String, String> inputs) {
        return CteInjector.prepend(modelSql, inputs);
    }

    /** The CTE that stands for {@code ref('name')} (and for {@code this} of model {@code name}). */
    public static String refCte(String name) {
        return PREFIX + name;
    }

    /** The CTE that stands for {@code source('source', 'table')}. */
    public static String sourceCte(String source, String table) {
        return PREFIX + source + "__" + table;
    }
}
