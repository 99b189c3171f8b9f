package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dbt unit test ({@code unit_tests:} in a property file, dbt 1.8+): the rows a model's inputs hold, the rows the
 * model is expected to give, and what it overrides while it runs.
 *
 * @param name the unit test's name
 * @param model the tested model's name
 * @param uniqueId {@code unit_test.<project>.<model>.<name>}, as dbt names it
 * @param file the property file
 * @param line the 1-based line of the entry
 * @param description {@code description:}, empty when none
 * @param given the inputs, in the order written
 * @param expect the expected rows
 * @param macroOverrides {@code overrides: macros:} (e.g. {@code is_incremental: true}): the value each call returns
 * @param varOverrides {@code overrides: vars:}: they win over every other var
 * @param envVarOverrides {@code overrides: env_vars:}: they win over the environment
 * @param config {@code config:} ({@code tags}, {@code meta}, {@code enabled})
 * @param fqn dbt's fqn: the project, the folders of the property file under its resource path, the model, the name
 * @param problem what is wrong with the entry (a missing model, a fixture file that cannot be read, ...), written
 *     like a {@link ProjectException} with the file and line; such a unit test fails with this error when it runs,
 *     and the project's other tests still run
 */
public record UnitTestNode(
        String name,
        String model,
        String uniqueId,
        Path file,
        int line,
        String description,
        List<UnitTestFixture> given,
        Optional<UnitTestFixture> expect,
        Map<String, Object> macroOverrides,
        Map<String, Object> varOverrides,
        Map<String, String> envVarOverrides,
        NodeConfig config,
        List<String> fqn,
        Optional<String> problem) {

    public UnitTestNode {
        given = List.copyOf(given);
        macroOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(macroOverrides));
        varOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(varOverrides));
        envVarOverrides = Map.copyOf(envVarOverrides);
        fqn = List.copyOf(fqn);
    }

    /** This unit test with a problem found once the project's models are known (the first one wins). */
    public UnitTestNode withProblem(String message) {
        return problem.isPresent() ? this : withProblemInstead(message);
    }

    /** This unit test with {@code message} as its problem, in place of any it had (a more precise one). */
    public UnitTestNode withProblemInstead(String message) {
        return with(config, Optional.of(ProjectException.located(message, file, line)));
    }

    /** This unit test with another configuration (the project's {@code unit_tests:} block under its own). */
    public UnitTestNode withConfig(NodeConfig config) {
        return with(config, problem);
    }

    /** A copy with the two parts that change after parsing. */
    private UnitTestNode with(NodeConfig newConfig, Optional<String> newProblem) {
        return new UnitTestNode(
                name,
                model,
                uniqueId,
                file,
                line,
                description,
                given,
                expect,
                macroOverrides,
                varOverrides,
                envVarOverrides,
                newConfig,
                fqn,
                newProblem);
    }

    /** The project or installed package the unit test belongs to (its model's too, as dbt requires). */
    public String packageName() {
        return UniqueIds.packageOf(uniqueId);
    }

    /** The unique id of the tested model: {@code model.<package>.<model>}. */
    public String modelId() {
        return "model.%s.%s".formatted(packageName(), model);
    }

    /** The {@code this} input, when the unit test has one. */
    public Optional<UnitTestFixture> thisInput() {
        return given.stream().filter(UnitTestFixture::isThis).findFirst();
    }
}
