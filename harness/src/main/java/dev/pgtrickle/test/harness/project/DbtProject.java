package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dbt project loaded and validated from disk by {@link ProjectLoader}. Nothing here has been rendered yet except
 * {@code profiles.yml}; {@code dev.pgtrickle.test.harness.render.ProjectCompiler} renders models.
 *
 * @param name {@code name} from {@code dbt_project.yml}
 * @param root the project directory (absolute, normalized)
 * @param profileName {@code profile}, when set
 * @param paths the resource folders
 * @param vars {@code vars:} from {@code dbt_project.yml}: global ones, plus those under the project's own name
 * @param models enabled models, the project's and its packages' ({@link ModelNode#packageName()}), sorted by name
 * @param seeds enabled seeds, the project's and its packages', sorted by name
 * @param sources every source table
 * @param genericTests generic tests from property files, in file order (the project's, then each package's)
 * @param singularTests {@code .sql} files under the test paths (not {@code tests/generic/}), sorted by name within
 *     the project and each package
 * @param macros macro files (macro paths, then {@code tests/generic/})
 * @param profile {@code profiles.yml} next to the project file, when present
 * @param hasPackagesFile whether {@code packages.yml} (or {@code dependencies.yml}) exists; packages are not installed
 *     by the harness, {@code dbt_pgtrickle.} references resolve to built-ins
 * @param packages the installed packages the project uses (not {@code dbt_pgtrickle}, which the harness provides)
 * @param dispatch {@code dispatch:} of {@code dbt_project.yml}: per macro namespace, the packages
 *     {@code adapter.dispatch} searches, in order
 * @param warnings what dbt would warn about while loading (each {@code file:line: message}); the project loads anyway
 * @param scenarios change scenarios declared under the models' {@code config: meta: pgtrickle_scenarios:}, in
 *     property-file order (models that exist only)
 * @param runHooks {@code on-run-start} and {@code on-run-end} of the project and its packages, in the order dbt runs
 *     them (packages by name, then the project), unrendered
 * @param unitTests the enabled unit tests ({@code unit_tests:} in property files), in file order
 */
public record DbtProject(
        String name,
        Path root,
        Optional<String> profileName,
        ProjectPaths paths,
        Map<String, Object> vars,
        List<ModelNode> models,
        List<SeedNode> seeds,
        List<SourceTable> sources,
        List<GenericTestNode> genericTests,
        List<SingularTestNode> singularTests,
        List<MacroFile> macros,
        Optional<Profile> profile,
        boolean hasPackagesFile,
        List<DbtPackage> packages,
        Map<String, List<String>> dispatch,
        List<String> warnings,
        List<ScenarioDeclaration> scenarios,
        List<RunHook> runHooks,
        List<UnitTestNode> unitTests) {

    public DbtProject {
        scenarios = List.copyOf(scenarios);
        unitTests = List.copyOf(unitTests);
        packages = List.copyOf(packages);
        dispatch = Map.copyOf(dispatch);
        warnings = List.copyOf(warnings);
        runHooks = List.copyOf(runHooks);
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        models = List.copyOf(models);
        seeds = List.copyOf(seeds);
        sources = List.copyOf(sources);
        genericTests = List.copyOf(genericTests);
        singularTests = List.copyOf(singularTests);
        macros = List.copyOf(macros);
    }

    /** The model called {@code name}. */
    public Optional<ModelNode> model(String name) {
        return models.stream().filter(model -> model.name().equals(name)).findFirst();
    }

    /** The seed called {@code name}. */
    public Optional<SeedNode> seed(String name) {
        return seeds.stream().filter(seed -> seed.name().equals(name)).findFirst();
    }

    /** The source table {@code source('sourceName', 'tableName')}. */
    public Optional<SourceTable> source(String sourceName, String tableName) {
        return sources.stream()
                .filter(source -> source.sourceName().equals(sourceName)
                        && source.tableName().equals(tableName))
                .findFirst();
    }

    /** The installed package called {@code name}. */
    public Optional<DbtPackage> dbtPackage(String name) {
        return packages.stream().filter(each -> each.name().equals(name)).findFirst();
    }

    /**
     * What {@code var(name)} finds for a node of {@code packageName} below the command-line vars: the project's vars,
     * or for a package's node the package's merged with the project's (see {@link DbtPackage#vars()}).
     */
    public Map<String, Object> varsFor(String packageName) {
        return packageName.equals(name)
                ? vars
                : dbtPackage(packageName).map(DbtPackage::vars).orElse(vars);
    }

    /** This project with other models (e.g. {@link ModelNode#withRawSql} applied to some). */
    public DbtProject withModels(List<ModelNode> models) {
        return new DbtProject(
                name,
                root,
                profileName,
                paths,
                vars,
                models,
                seeds,
                sources,
                genericTests,
                singularTests,
                macros,
                profile,
                hasPackagesFile,
                packages,
                dispatch,
                warnings,
                scenarios,
                runHooks,
                unitTests);
    }
}
