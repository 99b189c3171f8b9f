package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dbt package the project uses, as {@code dbt deps} installs it under {@code dbt_packages/<name>/} (or a {@code
 * local:} entry of {@code packages.yml}): its macros and generic tests, callable as {@code <name>.macro(...)} and as
 * {@code <name>.test} in property files. Its models, seeds, sources and tests are among the project's nodes (their
 * unique ids name the package, {@code model.<name>.<model>}).
 *
 * @param name the package's own project name ({@code name:} of its {@code dbt_project.yml}), its namespace
 * @param root the package folder
 * @param macros its macro files: macro paths, then {@code <test path>/generic/}
 * @param vars what {@code var()} finds for the package's nodes below the command-line vars, as dbt merges them: the
 *     package's own {@code vars:} (global, then scoped to its name), then the root project's (global, then its {@code
 *     <name>:} mapping)
 * @param rootModelConfig per model unique id, the root project's {@code models:} configuration that matches the model
 *     ({@code models: <name>: ...}): dbt applies it last, over the model's own {@code config()} call
 */
public record DbtPackage(
        String name,
        Path root,
        List<MacroFile> macros,
        Map<String, Object> vars,
        Map<String, NodeConfig> rootModelConfig) {

    public DbtPackage {
        macros = List.copyOf(macros);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        rootModelConfig = Map.copyOf(rootModelConfig);
    }

    /** A package with its macros only (before its nodes are read). */
    public DbtPackage(String name, Path root, List<MacroFile> macros) {
        this(name, root, macros, Map.of(), Map.of());
    }

    /** This package with the vars and the root project's model configuration its nodes see. */
    DbtPackage withNodeSettings(Map<String, Object> vars, Map<String, NodeConfig> rootModelConfig) {
        return new DbtPackage(name, root, macros, vars, rootModelConfig);
    }

    /** The root project's configuration for the package's model {@code uniqueId}, applied over its config() call. */
    public Optional<NodeConfig> rootConfigFor(String uniqueId) {
        return Optional.ofNullable(rootModelConfig.get(uniqueId));
    }
}
