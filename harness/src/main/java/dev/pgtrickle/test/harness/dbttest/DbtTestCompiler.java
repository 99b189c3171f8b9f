package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.TestAttachment;
import dev.pgtrickle.test.harness.project.UniqueIds;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.RenderedSql;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles declared dbt tests to the SQL that selects their failing rows: built-in generic tests in Java, custom
 * generic tests and singular tests through the project's Jinja renderer.
 */
public final class DbtTestCompiler {

    private static final Pattern REF = Pattern.compile("\\s*ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");
    private static final Pattern SOURCE =
            Pattern.compile("\\s*source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");

    private final DbtTestContext context;
    private final Map<String, GenericTestMacro> customTests;
    private final String projectName;

    /** The name a custom generic test's body is rendered under, as a macro. */
    private static final String TEST_BODY = "__pgt_generic_test_body";

    /**
     * @param context resolves refs and sources and renders Jinja
     * @param customTests the project's custom generic tests by name
     */
    DbtTestCompiler(DbtTestContext context, Map<String, GenericTestMacro> customTests, String projectName) {
        this.context = context;
        this.customTests = Map.copyOf(customTests);
        this.projectName = projectName;
    }

    /**
     * The custom generic test {@code test} names: for {@code pkg.name}, that package's own test only (an unknown one
     * is an error naming the package); unqualified, the project's test, else a package's, as dbt looks them up.
     */
    private GenericTestMacro customTest(DbtTest test) {
        Optional<String> namespace = test.namespace().filter(ns -> !ns.equals(projectName));
        if (namespace.isPresent()) {
            if (namespace.get().equals("dbt_pgtrickle")) {
                return null;
            }
            GenericTestMacro macro = customTests.get(namespace.get() + "." + test.testName());
            if (macro == null) {
                throw new DbtTestDefinitionException(
                        "%s: test '%s' on %s: package '%s' is not installed or has no generic test '%s'; run `dbt deps` or fix the name"
                                .formatted(
                                        test.file(),
                                        test.qualifiedTestName(),
                                        test.nodeName().orElse("?"),
                                        namespace.get(),
                                        test.testName()));
            }
            return macro;
        }
        GenericTestMacro own = customTests.get(test.testName());
        if (own != null) {
            return own;
        }
        return customTests.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("." + test.testName()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** A compiler for {@code project}'s tests: its relations, renderer and {@code {% test %}} blocks. */
    public static DbtTestCompiler of(CompiledProject project) {
        return new DbtTestCompiler(
                new DbtTestContext(project),
                GenericTestMacros.of(
                        project.project().macros(), project.project().packages()),
                project.project().name());
    }

    /** The compiled project the tests belong to. */
    CompiledProject project() {
        return context.project();
    }

    /** Compile {@code test}; a wrong declaration throws {@link DbtTestDefinitionException} naming its file. */
    public CompiledDbtTest compile(DbtTest test) {
        if (test.kind() == DbtTestKind.SINGULAR) {
            return new CompiledDbtTest(test, stripTrailingSemicolons(compileSingular(test)));
        }
        GenericTestSql generic = compileGeneric(test);
        DbtTestConfig config = test.config()
                .withMacroConfig(
                        generic.macroConfig(),
                        "%s: test '%s' (its macro's config())".formatted(test.file(), test.name()));
        return new CompiledDbtTest(test, stripTrailingSemicolons(generic.sql()), config);
    }

    /**
     * A generic test's SQL and what its macro set with its own {@code config()} call (nothing for a built-in test),
     * returned together so that the compiler keeps no state between two tests (a rendered config's map is
     * unmodifiable).
     */
    private record GenericTestSql(String sql, Map<String, Object> macroConfig) {}

    /**
     * Compile {@code test} with {@code connection} bound, as dbt compiles a test just before running it: what its SQL
     * asks the database while rendering ({@code run_query}, {@code adapter.get_columns_in_relation}, ...) is answered.
     */
    public CompiledDbtTest compile(DbtTest test, Connection connection) {
        return context.withDatabase(connection, () -> compile(test));
    }

    private String compileSingular(DbtTest test) {
        return context.render(test.sql().orElseThrow(), Map.of(), test.file(), UniqueIds.packageOf(test.uniqueId()));
    }

    private GenericTestSql compileGeneric(DbtTest test) {
        TestAttachment node = test.node().orElseThrow();
        // Ephemeral models the test reads (its own model, a ref() among its arguments): dbt inlines each as a CTE.
        Set<String> inlined = new LinkedHashSet<>();
        TestTarget target = node.sourceName().isPresent()
                ? context.source(node.sourceName().get(), node.name(), test.file())
                : context.ref(node.name(), test.file());
        target.ephemeral().ifPresent(inlined::add);
        String model = test.config()
                .where()
                .map(where -> "(select * from %s where %s) dbt_subquery".formatted(target.sql(), where))
                .orElse(target.sql());
        GenericTestMacro custom = customTest(test);
        if (custom != null) {
            // As in dbt, a test without where: gets the relation itself (packages check it is one); with where:, the
            // filtering subquery as text.
            Object modelValue = test.config().where().isPresent() ? model : target.value();
            return compileCustom(test, custom, modelValue, inlined);
        }
        return new GenericTestSql(context.inline(compileBuiltIn(test, target, model, inlined), inlined), Map.of());
    }

    private String compileBuiltIn(DbtTest test, TestTarget target, String model, Set<String> inlined) {
        String column = test.column().orElse(null);
        return switch (test.testName()) {
            case "not_null" -> BuiltInGenericTests.notNull(model, requireColumn(test, column));
            case "unique" -> BuiltInGenericTests.unique(model, requireColumn(test, column));
            case "accepted_values" ->
                BuiltInGenericTests.acceptedValues(
                        model,
                        requireColumn(test, column),
                        valuesArgument(test),
                        !"false"
                                .equalsIgnoreCase(
                                        String.valueOf(test.arguments().getOrDefault("quote", true))));
            case "relationships" ->
                BuiltInGenericTests.relationships(
                        model,
                        requireColumn(test, column),
                        parentRelation(test, inlined),
                        String.valueOf(requireArgument(test, "field")));
            case "stream_table_healthy" -> {
                Relation relation = target.relation()
                        .orElseThrow(() -> new DbtTestDefinitionException(
                                "%s: test 'stream_table_healthy' on %s: an ephemeral model is no stream table; put the test on the stream table"
                                        .formatted(test.file(), test.nodeName().orElse("?"))));
                yield BuiltInGenericTests.streamTableHealthy(
                        relation.schema(), relation.identifier(), warnSeconds(test));
            }
            default ->
                throw new DbtTestDefinitionException(
                        "%s: test '%s' on %s is neither a built-in test (%s) nor a custom generic test in the project's macro paths or tests/generic/; define it with {%% test %s(model, column_name) %%} or fix the name"
                                .formatted(
                                        test.file(),
                                        test.qualifiedTestName(),
                                        test.nodeName().orElse("?"),
                                        String.join(
                                                ", ",
                                                BuiltInGenericTests.NAMES.stream()
                                                        .sorted()
                                                        .toList()),
                                        test.testName()));
        };
    }

    private GenericTestSql compileCustom(DbtTest test, GenericTestMacro macro, Object model, Set<String> inlined) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("model", model);
        test.column().ifPresent(column -> variables.put("column_name", column));
        StringBuilder defaults = new StringBuilder();
        for (GenericTestMacro.Parameter parameter : macro.parameters()) {
            String name = parameter.name();
            if (name.equals("model") || name.equals("column_name")) {
                continue;
            }
            if (test.arguments().containsKey(name)) {
                variables.put(name, argumentValue(test, test.arguments().get(name), inlined));
            } else if (parameter.defaultExpression().isPresent()) {
                // Defaults are Jinja expressions; evaluate them in the template itself.
                defaults.append("{%% set %s = %s %%}"
                        .formatted(name, parameter.defaultExpression().get()));
            } else {
                throw new DbtTestDefinitionException(
                        "%s: test '%s' on %s needs argument '%s' (declared in %s); add it under the test"
                                .formatted(
                                        test.file(),
                                        test.testName(),
                                        test.nodeName().orElse("?"),
                                        name,
                                        macro.file()));
            }
        }
        // Arguments the macro does not declare reach it as Jinja2's kwargs when its body reads kwargs (dbt-utils'
        // not_null_proportion reads at_least and column_name so); otherwise they are an error, as in Jinja2.
        boolean takesKwargs = KWARGS.matcher(macro.body()).find();
        Map<String, Object> extra = new LinkedHashMap<>();
        if (takesKwargs && test.column().isPresent() && !macro.declares("column_name")) {
            extra.put("column_name", test.column().get());
        }
        for (String argument : test.arguments().keySet()) {
            if (macro.declares(argument) || argument.equals("column_name")) {
                continue;
            }
            if (!takesKwargs) {
                throw new DbtTestDefinitionException("%s: test '%s' on %s has argument '%s' that %s does not declare"
                        .formatted(test.file(), test.testName(), test.nodeName().orElse("?"), argument, macro.file()));
            }
            extra.put(argument, argumentValue(test, test.arguments().get(argument), inlined));
        }
        variables.put(TEST_KWARGS, extra);
        // Rendered as a macro call, as dbt calls a test macro, so {{ return(...) }} in its body (every dispatching
        // package test) gives the SQL.
        RenderedSql rendered = context.renderWithConfig(
                "{%% macro %1$s() %%}%2$s%3$s{%% endmacro %%}{{ %1$s(**%4$s) }}"
                        .formatted(TEST_BODY, defaults, macro.body(), TEST_KWARGS),
                variables,
                macro.file(),
                inlined,
                UniqueIds.packageOf(test.uniqueId()));
        return new GenericTestSql(rendered.sql(), rendered.config().asMap());
    }

    private static final String TEST_KWARGS = "__pgt_test_kwargs";
    private static final Pattern KWARGS = Pattern.compile("\\bkwargs\\b");

    /**
     * An argument as a test macro sees it: {@code ref('x')} and {@code source('s', 't')} written as text (as property
     * files do, {@code compare_model: ref('x')}) are the relation, as dbt renders them; anything else as written.
     */
    private Object argumentValue(DbtTest test, Object value, Set<String> inlined) {
        if (value instanceof String text) {
            Matcher ref = REF.matcher(text);
            if (ref.matches()) {
                return read(context.ref(ref.group(1), test.file()), inlined).value();
            }
            Matcher source = SOURCE.matcher(text);
            if (source.matches()) {
                return context.source(source.group(1), source.group(2), test.file())
                        .value();
            }
        }
        return value;
    }

    /** {@code target}, noted in {@code inlined} when it is an ephemeral model the test's SQL must define. */
    private static TestTarget read(TestTarget target, Set<String> inlined) {
        target.ephemeral().ifPresent(inlined::add);
        return target;
    }

    private static String requireColumn(DbtTest test, String column) {
        if (column == null) {
            throw new DbtTestDefinitionException(
                    "%s: test '%s' on %s needs a column; declare it under the model's columns: entry"
                            .formatted(
                                    test.file(),
                                    test.testName(),
                                    test.nodeName().orElse("?")));
        }
        return column;
    }

    private static Object requireArgument(DbtTest test, String argument) {
        Object value = test.arguments().get(argument);
        if (value == null) {
            throw new DbtTestDefinitionException("%s: test '%s' on %s needs argument '%s'"
                    .formatted(test.file(), test.name(), test.nodeName().orElse("?"), argument));
        }
        return value;
    }

    private static List<?> valuesArgument(DbtTest test) {
        Object values = requireArgument(test, "values");
        if (!(values instanceof List<?> list) || list.isEmpty()) {
            throw new DbtTestDefinitionException(
                    "%s: test '%s': 'values' must be a non-empty list, e.g. values: ['a', 'b']"
                            .formatted(test.file(), test.name()));
        }
        return list;
    }

    private String parentRelation(DbtTest test, Set<String> inlined) {
        String to = String.valueOf(requireArgument(test, "to"));
        Matcher ref = REF.matcher(to);
        if (ref.matches()) {
            return read(context.ref(ref.group(1), test.file()), inlined).sql();
        }
        Matcher source = SOURCE.matcher(to);
        if (source.matches()) {
            return context.source(source.group(1), source.group(2), test.file()).sql();
        }
        return context.render("{{ " + to + " }}", Map.of(), test.file(), UniqueIds.packageOf(test.uniqueId()));
    }

    private static long warnSeconds(DbtTest test) {
        Object value = test.arguments().getOrDefault("warn_seconds", BuiltInGenericTests.DEFAULT_WARN_SECONDS);
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new DbtTestDefinitionException(
                    "%s: test '%s': warn_seconds '%s' is not a whole number of seconds"
                            .formatted(test.file(), test.name(), value),
                    e);
        }
    }

    static String stripTrailingSemicolons(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }
}
