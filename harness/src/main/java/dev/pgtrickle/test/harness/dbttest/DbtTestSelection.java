package dev.pgtrickle.test.harness.dbttest;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tests a node selection brings along, as in dbt: a generic test goes with the model, seed or source table it
 * tests; a singular test goes with any model it {@code ref()}s; a test is also selected by its own name.
 */
public final class DbtTestSelection {

    private DbtTestSelection() {}

    /** Every test. */
    public static Predicate<DbtTest> all() {
        return test -> true;
    }

    /**
     * Tests that belong to {@code selectedNodes} (model, seed and source-table names, {@code source.table} for
     * sources) or are named in {@code selectedNodes} themselves.
     */
    public static Predicate<DbtTest> of(Set<String> selectedNodes) {
        return test -> selectedNodes.contains(test.name())
                || test.node()
                        .map(node -> selectedNodes.contains(node.displayName()))
                        .orElse(false)
                || test.sql()
                        .map(sql -> selectedNodes.stream().anyMatch(node -> refers(sql, node)))
                        .orElse(false);
    }

    /**
     * The first of {@code nodes} that {@code test} depends on: the node a generic test tests, or a model a singular
     * test {@code ref()}s. Used to skip tests whose model was not built instead of reporting "relation does not
     * exist".
     */
    public static Optional<String> firstDependency(DbtTest test, Set<String> nodes) {
        Optional<String> tested = test.nodeName().filter(nodes::contains);
        if (tested.isPresent()) {
            return tested;
        }
        return test.sql().flatMap(sql -> nodes.stream()
                .filter(node -> refers(sql, node))
                .sorted()
                .findFirst());
    }

    private static final Pattern REF =
            Pattern.compile("ref\\(\\s*(?:['\"][^'\"]+['\"]\\s*,\\s*)?['\"]([^'\"]+)['\"]\\s*\\)");

    /**
     * The first model or seed that {@code test} reads through {@code ref()} (in a singular test's SQL, or a
     * {@code relationships} test's {@code to}) and that is not in {@code built}: with an exclusion, a test of a selected
     * model may still read one that was left out, and in a new database that relation does not exist.
     */
    public static Optional<String> firstUnbuiltRef(DbtTest test, Set<String> built) {
        List<String> texts = new java.util.ArrayList<>();
        test.sql().ifPresent(texts::add);
        Object to = test.arguments().get("to");
        if (to != null) {
            texts.add(String.valueOf(to));
        }
        for (String text : texts) {
            Matcher ref = REF.matcher(text);
            while (ref.find()) {
                if (!built.contains(ref.group(1))) {
                    return Optional.of(ref.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The names of the nodes {@code select} minus {@code exclude} picks in the project at {@code projectDir}, found
     * without a database (the project is loaded and compiled for the default target).
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException when the project cannot be loaded or compiled
     */
    public static Set<String> selectedNodes(
            java.nio.file.Path projectDir, String select, String exclude, java.util.Map<String, Object> vars) {
        var project = dev.pgtrickle.test.harness.project.ProjectLoader.load(projectDir);
        var compiled = dev.pgtrickle.test.harness.render.ProjectCompiler.compile(
                project,
                dev.pgtrickle.test.harness.render.CompileOptions.defaults().withVars(vars));
        Set<String> names = new java.util.LinkedHashSet<>();
        compiled.select(select, exclude).forEach(node -> names.add(node.name()));
        return names;
    }

    private static boolean refers(String sql, String node) {
        return Pattern.compile("ref\\(\\s*(?:['\"][^'\"]+['\"]\\s*,\\s*)?['\"]" + Pattern.quote(node) + "['\"]\\s*\\)")
                .matcher(sql)
                .find();
    }
}
