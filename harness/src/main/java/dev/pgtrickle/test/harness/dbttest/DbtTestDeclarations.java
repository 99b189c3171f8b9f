package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.project.GenericTestNode;
import dev.pgtrickle.test.harness.project.ResourceType;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration;
import dev.pgtrickle.test.harness.project.SingularTestNode;
import dev.pgtrickle.test.harness.project.TestAttachment;
import dev.pgtrickle.test.harness.project.UnitTestNode;
import dev.pgtrickle.test.harness.render.CompiledProject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A compiled project's dbt tests as {@link DbtTest}s: the generic tests the project loader read from property files
 * (tests of models disabled by their own {@code config()} left out) and its singular tests, each with the project's
 * {@code tests:} configuration under its own, and with the readable name users see.
 */
public final class DbtTestDeclarations {

    private DbtTestDeclarations() {}

    /**
     * Every enabled test: unit tests first (dbt runs a model's unit tests before it builds the model), then generic
     * tests in property-file order, then singular tests by name, then the change scenarios in property-file order.
     * Scenarios come last because they write to the inputs: every other test sees the data the build left (a scenario
     * puts its inputs back when it is done, but the stream tables refresh in between).
     */
    public static List<DbtTest> of(CompiledProject project) {
        List<DbtTest> tests = new ArrayList<>();
        for (UnitTestNode test : project.unitTests()) {
            tests.add(unit(project, test));
        }
        for (GenericTestNode test : project.genericTests()) {
            tests.add(generic(test));
        }
        for (SingularTestNode test : project.project().singularTests()) {
            singular(project, test).ifPresent(tests::add);
        }
        for (ScenarioDeclaration scenario : project.project().scenarios()) {
            tests.add(scenario(project.project().name(), scenario));
        }
        return uniqueNames(tests);
    }

    /** dbt's unique id of a scenario: not a node of the graph, it goes with its model. */
    static String scenarioId(String projectName, ScenarioDeclaration scenario) {
        return "scenario.%s.%s.%s".formatted(projectName, scenario.model(), scenario.name());
    }

    private static DbtTest scenario(String projectName, ScenarioDeclaration scenario) {
        return new DbtTest(
                "scenario %s: %s".formatted(scenario.model(), scenario.name()),
                scenarioId(projectName, scenario),
                DbtTestKind.SCENARIO,
                scenario.name(),
                Optional.empty(),
                Optional.of(new TestAttachment(
                        ResourceType.MODEL, scenario.model(), Optional.empty(), scenario.modelUniqueId())),
                Optional.empty(),
                Map.of(),
                DbtTestConfig.DEFAULTS,
                scenario.file(),
                Optional.empty());
    }

    /**
     * The tests a dbt selection brings along, as {@link dev.pgtrickle.test.harness.graph.NodeSelector} selects them:
     * a test goes with any node it tests or refs, or is selected by its dbt name; blank {@code select} and
     * {@code exclude} select every test.
     */
    public static List<DbtTest> selected(CompiledProject project, String select, String exclude) {
        return of(project).stream().filter(selection(project, select, exclude)).toList();
    }

    /** Which tests {@code select} minus {@code exclude} brings along, as {@link #selected} chooses them. */
    public static Predicate<DbtTest> selection(CompiledProject project, String select, String exclude) {
        if (isBlank(select) && isBlank(exclude)) {
            return DbtTestSelection.all();
        }
        Set<String> ids = project.select(select, exclude).stream()
                .map(GraphNode::uniqueId)
                .collect(Collectors.toSet());
        return DbtTestSelection.of(ids);
    }

    private static DbtTest generic(GenericTestNode test) {
        String where =
                test.attachedTo().sourceName().map(source -> source + ".").orElse("")
                        + test.attachedTo().name()
                        + test.columnName().map(column -> "." + column).orElse("");
        String bareName = test.macroName().substring("test_".length());
        String origin = "%s: test '%s' on %s".formatted(test.file(), test.testName(), where);
        Map<String, Object> arguments = new LinkedHashMap<>(test.kwargs());
        arguments.remove("column_name");
        return new DbtTest(
                test.hasCustomName() ? test.name() : bareName + " " + where,
                test.uniqueId(),
                DbtTestKind.GENERIC,
                bareName,
                test.packageName(),
                Optional.of(test.attachedTo()),
                test.columnName(),
                arguments,
                DbtTestConfig.DEFAULTS.with(test.config().asMap(), origin),
                test.file(),
                Optional.empty());
    }

    /**
     * A unit test, named as dbt prints it ({@code unit_test customer_revenue::sums_orders}) and attached to its model,
     * so a selection of the model brings it along.
     */
    private static DbtTest unit(CompiledProject project, UnitTestNode test) {
        return new DbtTest(
                "unit_test %s::%s".formatted(test.model(), test.name()),
                test.uniqueId(),
                DbtTestKind.UNIT,
                test.name(),
                Optional.empty(),
                Optional.of(new TestAttachment(ResourceType.MODEL, test.model(), Optional.empty(), test.modelId())),
                Optional.empty(),
                Map.of(),
                DbtTestConfig.DEFAULTS,
                test.file(),
                Optional.empty(),
                Optional.of(test));
    }

    /** The graph node holds the project's config merged with the file's own {@code config()} call. */
    private static Optional<DbtTest> singular(CompiledProject project, SingularTestNode test) {
        Map<String, Object> config = project.graph()
                .node(test.uniqueId())
                .map(GraphNode::config)
                .orElse(test.config().asMap());
        DbtTestConfig testConfig = DbtTestConfig.DEFAULTS.with(config, "%s: config".formatted(test.file()));
        if (!testConfig.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new DbtTest(
                test.name(),
                test.uniqueId(),
                DbtTestKind.SINGULAR,
                test.name(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                testConfig,
                test.file(),
                Optional.of(test.rawSql())));
    }

    private static List<DbtTest> uniqueNames(List<DbtTest> tests) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<DbtTest> unique = new ArrayList<>();
        for (DbtTest test : tests) {
            int count = seen.merge(test.name(), 1, Integer::sum);
            unique.add(count == 1 ? test : test.named("%s (%d)".formatted(test.name(), count)));
        }
        return unique;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
