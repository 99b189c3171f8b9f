package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.el.ext.AbstractCallableMethod;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.objects.collections.PyMap;
import com.hubspot.jinjava.objects.serialization.PyishObjectMapper;
import com.hubspot.jinjava.util.WhitespaceUtils;
import dev.pgtrickle.test.harness.project.DbtPackage;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.MacroFile;
import dev.pgtrickle.test.harness.project.ModelNode;
import dev.pgtrickle.test.harness.project.NodeConfig;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.project.UniqueIds;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a project's templates: one {@link JinjaEngine} holding the dbt functions, the built-in macros and the
 * project's macros, and the tables {@code ref()} and {@code source()} resolve against.
 */
final class ProjectRenderer implements TemplateRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectRenderer.class);
    static final String BUILTIN_NAMESPACE = "dbt_pgtrickle";

    /** Key of {@code extra} under which a caller passes the node's configuration, for {@code config.get()}. */
    static final String NODE_CONFIG = "__pgtrickle_node_config__";

    /** Key of {@code extra} under which a unit test's {@link UnitTestRendering} is passed. */
    static final String UNIT_TEST = "__pgtrickle_unit_test__";

    /** Key of {@code extra} marking a hook: SQL that adapter calls ask for runs in the hook's place. */
    static final String HOOK = "__pgtrickle_hook__";

    /**
     * Key of {@code extra} naming the ephemeral models that values the caller passes stand for (a dbt test's {@code
     * model}): they are inlined as CTEs together with those the template refs itself, in one {@code with}.
     */
    static final String INLINES = "__pgtrickle_inlines__";

    /**
     * Key of {@code extra} naming the package of the node being rendered, for a node of an installed package (see
     * {@link RenderScope#packageName}); absent for the project's own nodes.
     */
    static final String NODE_PACKAGE = "__pgtrickle_node_package__";

    /** How {@code ref(name)} resolves: a relation, or an ephemeral model's CTE. */
    record RefTarget(String uniqueId, boolean isSeed, Optional<Relation> relation) {
        /** The package the model or seed belongs to: the second part of its unique id. */
        String packageName() {
            return UniqueIds.packageOf(uniqueId);
        }
    }

    private final DbtProject project;
    private final CompileOptions options;
    private final JinjaEngine engine = new JinjaEngine();
    private final InvocationContext invocation = new InvocationContext();
    private final Map<String, Object> builtinNamespace = new LinkedHashMap<>();
    private final Map<String, RefTarget> refTargets = new HashMap<>();
    /** The project's models by name, as {@link DbtProject#model} finds them: looked up for every render. */
    private final Map<String, ModelNode> modelsByName = new HashMap<>();

    private final Map<String, Path> macroFiles = new HashMap<>();
    /** Where each of the project's own macros is defined: two of the same name are an error, as in dbt. */
    private final Map<String, Path> projectMacroFiles = new HashMap<>();
    /** The project's macros by name, for {@code <project name>.macro()} and dispatch. */
    private final Map<String, Object> projectNamespace = new LinkedHashMap<>();
    /** Per package (dbt's own library included), its macros by name: {@code dbt_utils.star}. */
    private final Map<String, Map<String, Object>> packageNamespaces = new LinkedHashMap<>();
    /** Per installed package, a child of the global context holding its macros: where its nodes render. */
    private final Map<String, Context> packageScopes = new HashMap<>();

    /**
     * dbt's {@code config.get('key', default)} and {@code config.require('key')}: the node's configuration so far
     * (project and property files, then the template's own {@code config()} calls).
     */
    private final Map<String, Object> configObject = Map.of(
            "get",
            new DbtFunction("get", (args, kwargs) -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("config.get() needs a key");
                }
                Object fallback = args.size() > 1 ? args.get(1) : kwargs.get("default");
                return currentConfig().get(String.valueOf(args.get(0))).orElse(fallback);
            }),
            "require",
            new DbtFunction("require", (args, kwargs) -> {
                String key = args.isEmpty() ? "" : String.valueOf(args.get(0));
                return currentConfig()
                        .get(key)
                        .orElseThrow(() -> new IllegalArgumentException("config '%s' is required by %s but not set"
                                .formatted(key, RenderScope.current().nodeName)));
            }));

    private final CteInjector ctes;
    /** The database the build bound for the render under way ({@link #bind}); null while compiling without one. */
    private LiveDatabase live;
    /** dbt's {@code adapter}, {@code api} and the calls that ask the database while rendering. */
    private final DbtAdapter adapter;
    /** dbt's {@code is_incremental()} and {@code should_full_refresh()}. */
    private final IncrementalFunctions incremental;
    /** dbt's {@code graph}: empty until every model is parsed. */
    private Map<String, Object> graphContext = GraphContext.empty();

    ProjectRenderer(DbtProject project, CompileOptions options, CteInjector ctes) {
        this.project = project;
        this.options = options;
        this.ctes = ctes;
        project.models().forEach(model -> modelsByName.putIfAbsent(model.name(), model));
        this.adapter = new DbtAdapter(
                () -> Optional.ofNullable(live), () -> this.options.target().database(), this::dispatch);
        this.incremental = new IncrementalFunctions(
                () -> Optional.ofNullable(live), this::currentConfig, () -> this.options.fullRefresh());
        registerFunctions();
        for (MacroFile macros : options.builtinMacros()) {
            registerMacros(macros, true);
        }
        for (MacroFile macros : DbtGlobalMacros.files()) {
            registerPackageMacros(DbtGlobalMacros.PACKAGE, macros);
        }
        for (DbtPackage dbtPackage : project.packages()) {
            for (MacroFile macros : dbtPackage.macros()) {
                registerPackageMacros(dbtPackage.name(), macros);
            }
        }
        for (MacroFile macros : project.macros()) {
            registerMacros(macros, false);
        }
    }

    /** Declares what {@code ref(name)} resolves to (called again once configs are final). */
    void defineRef(String name, RefTarget target) {
        refTargets.put(name, target);
    }

    private NodeConfig currentConfig() {
        RenderScope scope = RenderScope.current();
        // Overrides win over the template's own config() calls, as they do for the compiled model's config.
        return scope.baseConfig
                .merge(scope.config)
                .merge(options.modelConfigOverrides().getOrDefault(scope.nodeName, Map.of()));
    }

    /** Makes {@code ref(name)} an error (the model turned itself off with {@code config(enabled=false)}). */
    void undefineRef(String name) {
        refTargets.remove(name);
    }

    Optional<RefTarget> refTarget(String name) {
        return Optional.ofNullable(refTargets.get(name));
    }

    private void registerFunctions() {
        engine.addFunction("config", (args, kwargs) -> {
            RenderScope scope = RenderScope.current();
            for (Object arg : args) {
                if (arg instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> scope.config.put(String.valueOf(k), v));
                }
            }
            scope.config.putAll(kwargs);
            return "";
        });
        engine.addFunction("ref", (args, kwargs) -> ref(args));
        engine.addFunction("source", (args, kwargs) -> source(args));
        engine.addFunction("var", (args, kwargs) -> variable(args, kwargs));
        engine.addFunction("env_var", (args, kwargs) -> envVar(args, kwargs));
        engine.addFunction("log", (args, kwargs) -> {
            boolean info =
                    Boolean.TRUE.equals(kwargs.get("info")) || (args.size() > 1 && Boolean.TRUE.equals(args.get(1)));
            // Most log() calls are debug lines nobody reads: build nothing for a level that is off.
            if (!(info ? LOG.isInfoEnabled() : LOG.isDebugEnabled())) {
                return "";
            }
            String message = args.isEmpty() ? "" : String.valueOf(args.get(0));
            if (info) {
                LOG.info("{}: {}", RenderScope.current().nodeName, message);
            } else {
                LOG.debug("{}: {}", RenderScope.current().nodeName, message);
            }
            return "";
        });
        engine.addFunction("return", (args, kwargs) -> {
            RenderScope scope = RenderScope.current();
            Object[] slot = scope.returnSlots.peek();
            if (slot == null) {
                throw new IllegalArgumentException("return() is only allowed inside a macro");
            }
            if (slot[1] == null) {
                slot[0] = args.isEmpty() ? null : args.get(0);
                slot[1] = Boolean.TRUE;
            }
            throw new ReturnSignal();
        });
        incremental.register(engine);
        engine.addFunction(Jinja2Syntax.CALL_FUNCTION, ProjectRenderer::callResult);
        adapter.registerFunctions(engine);
        // Python's set() and zip(), which dbt puts in the context: a set compares without regard to order.
        engine.addFunction(
                "set", (args, kwargs) -> new LinkedHashSet<>(items(args.isEmpty() ? List.of() : args.get(0))));
        engine.addFunction(DictLiterals.FUNCTION, (args, kwargs) -> {
            Map<String, Object> dict = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.size(); i += 2) {
                dict.put(String.valueOf(args.get(i)), args.get(i + 1));
            }
            return new PyMap(dict);
        });
        engine.addFunction("zip", (args, kwargs) -> {
            List<List<Object>> lists = args.stream().map(ProjectRenderer::items).toList();
            int length = lists.stream().mapToInt(List::size).min().orElse(0);
            List<List<Object>> zipped = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                int index = i;
                zipped.add(lists.stream().map(list -> list.get(index)).toList());
            }
            return zipped;
        });
        engine.addFunction("raise_compiler_error", (args, kwargs) -> {
            throw new CompilerError(args.isEmpty() ? "compiler error" : String.valueOf(args.get(0)));
        });
    }

    /**
     * Binds the build's connection for the renders until the answer is closed: while bound, {@code run_query},
     * {@code statement}, {@code adapter.get_columns_in_relation}, ... query it (see {@link DbtAdapter}).
     */
    Binding bind(Connection connection) {
        LiveDatabase previous = live;
        live = new LiveDatabase(connection);
        return () -> live = previous;
    }

    /** A database bound to the renderer until closed. */
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** The {@code graph.nodes} entry of {@code uniqueId}, once every model is parsed. */
    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> graphNode(String uniqueId) {
        return Optional.ofNullable(graphContext.get("nodes"))
                .map(nodes -> ((Map<String, Object>) nodes).get(uniqueId))
                .map(node -> (Map<String, Object>) node);
    }

    /** Sets dbt's {@code graph} once every model is parsed. */
    void defineGraph(Map<String, Object> graph) {
        graphContext = graph;
    }

    /** {@code exceptions.raise_compiler_error(msg)}'s failure. */
    static final class CompilerError extends RuntimeException {
        CompilerError(String message) {
            super(message);
        }
    }

    private Object ref(List<Object> args) {
        RenderScope scope = RenderScope.current();
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException("ref() takes a model name, or a package and a model name");
        }
        String name = String.valueOf(args.get(args.size() - 1));
        if (args.size() == 2) {
            String packageName = String.valueOf(args.get(0));
            if (!packageName.equals(project.name())
                    && project.dbtPackage(packageName).isEmpty()) {
                throw new IllegalArgumentException(
                        "ref('%s', '%s') in %s: package '%s' is neither this project ('%s') nor an installed package (%s); install it with `dbt deps` or fix the name"
                                .formatted(
                                        packageName,
                                        name,
                                        scope.nodeName,
                                        packageName,
                                        project.name(),
                                        project.packages().stream()
                                                .map(DbtPackage::name)
                                                .toList()));
            }
        }
        RefTarget target = refTargets.get(name);
        if (target == null) {
            throw new IllegalArgumentException("ref('%s') in %s: no model or seed is called '%s'; known: %s"
                    .formatted(name, scope.nodeName, name, new TreeSet<>(refTargets.keySet())));
        }
        if (args.size() == 2) {
            // ref('package', 'name'): the node of that name in that package only, as dbt resolves it.
            String packageName = String.valueOf(args.get(0));
            if (!packageName.equals(target.packageName())) {
                throw new IllegalArgumentException(
                        "ref('%s', '%s') in %s: '%s' belongs to %s '%s', not to '%s'; use ref('%s', '%s') or ref('%s')"
                                .formatted(
                                        packageName,
                                        name,
                                        scope.nodeName,
                                        name,
                                        target.packageName().equals(project.name()) ? "the project" : "package",
                                        target.packageName(),
                                        packageName,
                                        target.packageName(),
                                        name,
                                        name));
            }
        }
        scope.refs.add(target.uniqueId());
        if (scope.unitTest != null) {
            if (!scope.unitTest.refs().contains(name)) {
                throw new IllegalArgumentException(
                        "the unit test gives no rows for ref('%s'), which model %s reads; add '- input: ref('%s')' under 'given:' (rows: [] for none)"
                                .formatted(name, scope.nodeName, name));
            }
            return RelationValue.cte(options.target().database(), name);
        }
        if (target.relation().isEmpty()) {
            scope.ephemeralRefs.add(name);
            return RelationValue.cte(options.target().database(), name);
        }
        return new RelationValue(options.target().database(), target.relation().get());
    }

    private Object source(List<Object> args) {
        RenderScope scope = RenderScope.current();
        if (args.size() != 2) {
            throw new IllegalArgumentException("source() takes a source name and a table name");
        }
        String sourceName = String.valueOf(args.get(0));
        String tableName = String.valueOf(args.get(1));
        SourceTable table = project.source(sourceName, tableName)
                .orElseThrow(() -> new IllegalArgumentException(
                        "source('%s', '%s') in %s: no such source table is declared; declared: %s. Add it under 'sources:' in a property file"
                                .formatted(
                                        sourceName,
                                        tableName,
                                        scope.nodeName,
                                        project.sources().stream()
                                                .map(SourceTable::displayName)
                                                .toList())));
        scope.sources.add(table.uniqueId());
        if (scope.unitTest != null) {
            if (!scope.unitTest.sources().contains(sourceName + "." + tableName)) {
                throw new IllegalArgumentException(
                        "the unit test gives no rows for source('%s', '%s'), which model %s reads; add '- input: source('%s', '%s')' under 'given:' (rows: [] for none)"
                                .formatted(sourceName, tableName, scope.nodeName, sourceName, tableName));
            }
            return RelationValue.cte(options.target().database(), sourceName + "__" + tableName);
        }
        return new RelationValue(options.target().database(), table.relation());
    }

    private Object variable(List<Object> args, Map<String, Object> kwargs) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("var() needs a variable name");
        }
        String name = String.valueOf(args.get(0));
        UnitTestRendering unitTest = RenderScope.current().unitTest;
        if (unitTest != null && unitTest.vars().containsKey(name)) {
            return unitTest.vars().get(name);
        }
        if (options.vars().containsKey(name)) {
            return options.vars().get(name);
        }
        String packageName = RenderScope.current().packageName;
        Map<String, Object> vars = packageName == null ? project.vars() : project.varsFor(packageName);
        if (vars.containsKey(name)) {
            return vars.get(name);
        }
        if (args.size() > 1) {
            return args.get(1);
        }
        if (kwargs.containsKey("default")) {
            return kwargs.get("default");
        }
        throw new IllegalArgumentException(
                "var('%s') in %s is not defined: add it under 'vars:' in dbt_project.yml, pass it as a command-line var, or give var() a default"
                        .formatted(name, RenderScope.current().nodeName));
    }

    private Object envVar(List<Object> args, Map<String, Object> kwargs) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("env_var() needs a variable name");
        }
        String name = String.valueOf(args.get(0));
        UnitTestRendering unitTest = RenderScope.current().unitTest;
        String value = unitTest != null && unitTest.envVars().containsKey(name)
                ? unitTest.envVars().get(name)
                : options.env().get(name);
        if (value != null) {
            return value;
        }
        if (args.size() > 1) {
            return args.get(1);
        }
        if (kwargs.containsKey("default")) {
            return kwargs.get("default");
        }
        throw new IllegalArgumentException(
                "env_var('%s') in %s: the environment variable is not set and no default is given"
                        .formatted(name, RenderScope.current().nodeName));
    }

    /** The macros one file defines, rendered in a child of the global context so nothing is registered yet. */
    private java.util.Collection<MacroFunction> definedMacros(MacroFile file) {
        Context child = new Context(engine.globalContext());
        render(
                withoutMaterializations(file.content()),
                file.file(),
                file.originalFilePath(),
                RenderScope.Mode.PARSE,
                Optional.empty(),
                Map.of(),
                child);
        return child.getGlobalMacros().values();
    }

    /**
     * {@code {% materialization %}} blocks define how dbt builds a node, not a callable macro; the harness builds nodes
     * itself, so they are left out (their lines kept, so line numbers in errors stay right).
     */
    private static String withoutMaterializations(String content) {
        if (!content.contains("materialization")) {
            return content;
        }
        Matcher block = MATERIALIZATION_BLOCK.matcher(content);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
            block.appendReplacement(out, "\n".repeat((int) block.group().lines().count() - 1));
        }
        block.appendTail(out);
        return out.toString();
    }

    private static final Pattern MATERIALIZATION_BLOCK =
            Pattern.compile("\\{%-?\\s*materialization\\b.*?\\{%-?\\s*endmaterialization\\s*-?%}", Pattern.DOTALL);

    /**
     * A package's macros: in its namespace ({@code dbt_utils.star}), and callable unqualified unless another package
     * or the project defines the name (the project's own macro wins, as in dbt).
     */
    private void registerPackageMacros(String packageName, MacroFile file) {
        Map<String, Object> namespace = packageNamespaces.computeIfAbsent(packageName, name -> new LinkedHashMap<>());
        Context global = engine.globalContext();
        for (MacroFunction macro : definedMacros(file)) {
            namespace.put(macro.getName(), macro);
            if (global.getGlobalMacro(macro.getName()) == null) {
                global.addGlobalMacro(macro);
            }
            macroFiles.putIfAbsent(macro.getName(), file.file());
        }
    }

    private void registerMacros(MacroFile file, boolean builtin) {
        Context global = engine.globalContext();
        Map<String, MacroFunction> before = new HashMap<>(global.getGlobalMacros());
        for (MacroFunction macro : definedMacros(file)) {
            MacroFunction existing = before.get(macro.getName());
            if (existing instanceof DbtFunction) {
                throw new ProjectException(
                        "macro '%s' has the name of a dbt function; rename it".formatted(macro.getName()),
                        file.file(),
                        0,
                        null);
            }
            Path definedIn = projectMacroFiles.get(macro.getName());
            if (!builtin && definedIn != null) {
                throw new ProjectException(
                        "macro '%s' is also defined in %s; dbt refuses two macros of the same name, rename or remove one"
                                .formatted(macro.getName(), definedIn),
                        file.file(),
                        0,
                        null);
            }
            global.addGlobalMacro(macro);
            macroFiles.put(macro.getName(), file.file());
            if (builtin) {
                builtinNamespace.put(macro.getName(), macro);
                if (macro.getName().startsWith("test_")) {
                    builtinNamespace.put(macro.getName().substring("test_".length()), macro);
                }
            } else {
                projectMacroFiles.put(macro.getName(), file.file());
                projectNamespace.put(macro.getName(), macro);
            }
        }
    }

    /**
     * dbt's {@code adapter.dispatch(name, macro_namespace)}: the first of {@code postgres__name}, {@code
     * default__name} found in each package of the search order: the project's {@code dispatch:} entry for the
     * namespace, else the project then the namespace's package; without a namespace, every macro in scope.
     */
    private Object dispatch(List<Object> args, Map<String, Object> kwargs) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("adapter.dispatch() needs a macro name");
        }
        String name = String.valueOf(args.get(0));
        Object namespaceArgument = args.size() > 1 ? args.get(1) : kwargs.get("macro_namespace");
        List<String> order = new ArrayList<>();
        if (namespaceArgument == null) {
            order.add(null);
        } else {
            String namespace = String.valueOf(namespaceArgument);
            order.addAll(project.dispatch().getOrDefault(namespace, List.of(project.name(), namespace)));
        }
        for (String packageName : order) {
            for (String prefix : List.of("postgres__", "default__")) {
                Object macro = lookup(packageName, prefix + name);
                if (macro != null) {
                    return macro;
                }
            }
        }
        throw new IllegalArgumentException("adapter.dispatch('%s'%s): no macro postgres__%s or default__%s in %s"
                .formatted(
                        name,
                        namespaceArgument == null ? "" : ", '" + namespaceArgument + "'",
                        name,
                        name,
                        order.stream()
                                .map(each -> each == null ? "scope" : each)
                                .toList()));
    }

    private Object lookup(String packageName, String macroName) {
        if (packageName == null) {
            // Every macro in scope, as dbt's namespace gives it: a package node's own package first.
            JinjavaInterpreter current = JinjavaInterpreter.getCurrent();
            Context scope = current == null ? engine.globalContext() : current.getContext();
            return scope.getGlobalMacro(macroName);
        }
        if (packageName.equals(project.name())) {
            return projectNamespace.get(macroName);
        }
        Map<String, Object> namespace = packageNamespaces.get(packageName);
        return namespace == null ? null : namespace.get(macroName);
    }

    /** The items of what a template passes as an iterable (a list, set, mapping's keys, text's characters). */
    private static List<Object> items(Object iterable) {
        List<Object> items = new ArrayList<>();
        if (iterable instanceof Map<?, ?> map) {
            items.addAll(map.keySet());
        } else if (iterable instanceof Iterable<?> each) {
            each.forEach(items::add);
        } else if (iterable instanceof Object[] array) {
            items.addAll(java.util.Arrays.asList(array));
        } else if (iterable instanceof String text) {
            text.codePoints().forEach(c -> items.add(new String(Character.toChars(c))));
        } else if (iterable != null) {
            throw new IllegalArgumentException("'%s' is not iterable".formatted(iterable));
        }
        return items;
    }

    /** {@code f(a)(b)}, rewritten by {@link Jinja2Syntax} as {@code __pgt_call(f(a), b)}: call what f returned. */
    private static Object callResult(List<Object> args, Map<String, Object> kwargs) {
        if (args.isEmpty() || !(args.get(0) instanceof AbstractCallableMethod callee)) {
            throw new IllegalArgumentException(
                    "'%s' is not a macro and cannot be called".formatted(args.isEmpty() ? "none" : args.get(0)));
        }
        List<Object> arguments = new ArrayList<>(args.subList(1, args.size()));
        kwargs.forEach((key, value) -> arguments.add(new NamedParameter(key, value)));
        return callee.evaluate(arguments.toArray());
    }

    @Override
    public boolean hasMacro(String name) {
        return engine.globalContext().getGlobalMacro(name) != null;
    }

    /** The result of one render. */
    record Output(String text, RenderScope scope) {}

    @Override
    public RenderedSql render(String template, Path file, Map<String, ?> extraContext) {
        Output output = render(
                template,
                file,
                file.getFileName().toString(),
                RenderScope.Mode.COMPILE,
                Optional.empty(),
                extraContext,
                null);
        String sql = ctes.inject(output.text(), output.scope().ephemeralRefs);
        return new RenderedSql(sql, NodeConfig.of(output.scope().config), dependencies(output.scope()));
    }

    NodeDependencies dependencies(RenderScope scope) {
        List<String> models = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        for (String id : scope.refs) {
            (id.startsWith("seed.") ? seeds : models).add(id);
        }
        return new NodeDependencies(models, seeds, List.copyOf(scope.sources));
    }

    /**
     * Renders {@code template} as node {@code nodeName} of {@code file}.
     *
     * @param context the context to render in; null for a fresh child of the global context
     */
    Output render(
            String template,
            Path file,
            String nodeName,
            RenderScope.Mode mode,
            Optional<Relation> self,
            Map<String, ?> extra,
            Context context) {
        if (context == null && STATIC_EXTRAS.containsAll(extra.keySet())) {
            Optional<Output> fixed = PreparedTemplates.simple(template)
                    .flatMap(simple -> renderStatically(simple, file, nodeName, mode, self, extra));
            if (fixed.isPresent()) {
                return fixed.get();
            }
        }
        RenderScope scope = new RenderScope(file, nodeName, mode, self);
        Map<String, Object> bindings = bindings(mode, self);
        bindings.putAll(extra);
        if (bindings.remove(NODE_PACKAGE) instanceof String packageName && !packageName.equals(project.name())) {
            scope.packageName = packageName;
        }
        if (bindings.remove(NODE_CONFIG) instanceof NodeConfig base) {
            scope.baseConfig = base;
            InvocationContext.bindModel(
                    bindings,
                    Optional.ofNullable(modelsByName.get(nodeName)),
                    options.target().database(),
                    self,
                    base.asMap());
        }
        scope.collectsStatements = bindings.remove(HOOK) != null;
        if (bindings.remove(IncrementalFunctions.OVERRIDE) instanceof Boolean answer) {
            scope.isIncrementalOverride = answer;
        }
        if (bindings.remove(INLINES) instanceof java.util.Collection<?> inlined) {
            inlined.forEach(name -> scope.ephemeralRefs.add(String.valueOf(name)));
        }
        if (bindings.remove(UNIT_TEST) instanceof UnitTestRendering unitTest) {
            scope.unitTest = unitTest;
            // dbt's this is the 'this' input's rows in a unit test, and none without one.
            if (unitTest.thisGiven()) {
                bindings.put("this", RelationValue.cte(options.target().database(), nodeName));
            } else {
                bindings.remove("this");
            }
        }
        String prepared = PreparedTemplates.prepare(
                template, file, name -> engine.globalContext().getFilter(name) != null);
        scope.enter();
        try {
            JinjaEngine.Result result = engine.render(prepared, bindings, context, macroScope(scope.packageName));
            if (scope.failure != null) {
                throw failure(scope, file, 0, null);
            }
            TemplateDiagnostics.checkNoCallOnUndefined(template, file, scope);
            Optional<TemplateError> error = result.errors().stream()
                    .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                    .findFirst();
            if (error.isPresent()) {
                throw new ProjectException(
                        "template error: %s".formatted(error.get().getMessage()),
                        file,
                        error.get().getLineno(),
                        null);
            }
            return new Output(result.output(), scope);
        } catch (InterpretException e) {
            int line = e.getLineNumber() > 0
                    ? e.getLineNumber()
                    : TemplateDiagnostics.lineOfQuotedSnippet(template, e.getMessage());
            throw failure(scope, file, line, e);
        } finally {
            scope.exit();
        }
    }

    /**
     * The keys of {@code extra} a render without jinjava handles (or, for a hook or {@code is_incremental()}, needs
     * not): any other value given to a render (a dbt test's arguments, a unit test's inputs, ...) may change what
     * {@code ref()} or {@code source()} answer, so such a render goes through jinjava.
     */
    private static final Set<String> STATIC_EXTRAS =
            Set.of(NODE_CONFIG, NODE_PACKAGE, INLINES, HOOK, IncrementalFunctions.OVERRIDE);

    /**
     * Renders a template whose only Jinja is {@code config()}, {@code ref()} and {@code source()} calls with text
     * arguments (see {@link StaticTemplate}) without jinjava, calling the same functions a jinjava render would; empty
     * when a call fails, so that the render through jinjava reports the error as it always has (with its line).
     */
    private Optional<Output> renderStatically(
            StaticTemplate template,
            Path file,
            String nodeName,
            RenderScope.Mode mode,
            Optional<Relation> self,
            Map<String, ?> extra) {
        RenderScope scope = new RenderScope(file, nodeName, mode, self);
        if (extra.get(NODE_PACKAGE) instanceof String packageName && !packageName.equals(project.name())) {
            scope.packageName = packageName;
        }
        if (extra.get(NODE_CONFIG) instanceof NodeConfig base) {
            scope.baseConfig = base;
        }
        if (extra.get(INLINES) instanceof java.util.Collection<?> inlined) {
            inlined.forEach(name -> scope.ephemeralRefs.add(String.valueOf(name)));
        }
        scope.enter();
        try {
            String text = template.render(
                    call -> ((DbtFunction) engine.globalContext().getGlobalMacro(call.function()))
                            .doEvaluate(new LinkedHashMap<>(), new LinkedHashMap<>(call.kwargs()), call.args()),
                    ProjectRenderer::printed);
            return Optional.of(new Output(text, scope));
        } catch (RuntimeException e) {
            return Optional.empty();
        } finally {
            scope.exit();
        }
    }

    /**
     * What jinjava prints for {@code {{ value }}} with the legacy overrides {@link JinjaEngine} sets: a relation's text
     * as {@link PyishObjectMapper} would write it (its pyish form, unquoted), without the JSON writer it goes through.
     */
    private static String printed(Object value) {
        return value instanceof RelationValue relation
                ? WhitespaceUtils.unquoteAndUnescape(relation.render())
                : PyishObjectMapper.getAsUnquotedPyishString(value);
    }

    /**
     * Where a node of {@code packageName} renders, as dbt's macro namespace for it is ordered: the package's own
     * macros, then the project's, then dbt's (a project's macro overriding one of dbt's wins over it for every node).
     */
    private Context macroScope(String packageName) {
        Map<String, Object> namespace = packageName == null ? null : packageNamespaces.get(packageName);
        if (namespace == null) {
            return engine.globalContext();
        }
        return packageScopes.computeIfAbsent(packageName, name -> {
            Context scope = new Context(engine.globalContext());
            namespace.values().forEach(macro -> scope.addGlobalMacro((MacroFunction) macro));
            return scope;
        });
    }

    private ProjectException failure(RenderScope scope, Path file, int line, RuntimeException jinjavaError) {
        if (scope.failure instanceof ProjectException projectError) {
            return projectError;
        }
        String message;
        RuntimeException cause;
        if (scope.failure instanceof CompilerError compilerError) {
            message = "compilation error: " + compilerError.getMessage();
            cause = compilerError;
        } else if (scope.failure != null) {
            message = scope.failure.getMessage();
            cause = scope.failure;
        } else {
            message = "template error: %s".formatted(jinjavaError == null ? "unknown" : jinjavaError.getMessage());
            cause = jinjavaError;
        }
        Path macroFile = scope.failedInMacro == null ? null : macroFiles.get(scope.failedInMacro);
        if (macroFile != null && !macroFile.equals(file)) {
            // jinjava's line is then the line inside the macro's own file, not in the template being rendered.
            message += " (in macro '%s', %s)"
                    .formatted(scope.failedInMacro, line > 0 ? "%s:%d".formatted(macroFile, line) : macroFile);
            line = 0;
        }
        return new ProjectException(message, file, line, cause);
    }

    private Map<String, Object> bindings(RenderScope.Mode mode, Optional<Relation> self) {
        Map<String, Object> bindings = new HashMap<>();
        Target target = options.target();
        Map<String, Object> targetMap = new LinkedHashMap<>();
        targetMap.put("name", target.name());
        targetMap.put("schema", target.schema());
        targetMap.put("database", target.database());
        targetMap.put("dbname", target.database());
        targetMap.put("type", target.type());
        targetMap.put("threads", 1);
        targetMap.put("profile_name", project.profileName().orElse(project.name()));
        targetMap.putAll(target.connection());
        bindings.put("target", targetMap);
        invocation.bind(bindings, options, mode == RenderScope.Mode.COMPILE);
        bindings.put("project_name", project.name());
        bindings.put(
                "exceptions",
                Map.of(
                        "raise_compiler_error",
                        engine.globalContext().getGlobalMacro("raise_compiler_error"),
                        "warn",
                        new DbtFunction("warn", (args, kwargs) -> {
                            LOG.warn("{}", args.isEmpty() ? "" : args.get(0));
                            return "";
                        })));
        bindings.put("adapter", adapter.adapter());
        bindings.put("api", adapter.api());
        bindings.put("graph", graphContext);
        bindings.putAll(packageNamespaces);
        bindings.put(project.name(), projectNamespace);
        bindings.put(BUILTIN_NAMESPACE, builtinNamespace);
        bindings.put("config", configObject);
        self.ifPresent(relation -> bindings.put("this", new RelationValue(target.database(), relation)));
        return bindings;
    }

    /** Jinja2 drops one trailing newline of a template ({@code keep_trailing_newline=False}); jinjava keeps it. */
    static String stripOneTrailingNewline(String template) {
        if (template.endsWith("\r\n")) {
            return template.substring(0, template.length() - 2);
        }
        if (template.endsWith("\n")) {
            return template.substring(0, template.length() - 1);
        }
        return template;
    }

    /**
     * A context to render one unit test's model in: each macro the test overrides ({@code is_incremental: true})
     * answers the given value there, in front of the macros a node of {@code packageName} sees.
     */
    Context unitTestContext(Map<String, Object> macros, String packageName) {
        Context context = new Context(macroScope(packageName.equals(project.name()) ? null : packageName));
        macros.forEach((name, value) -> {
            if (name.contains(".")) {
                throw new IllegalArgumentException(
                        "overrides: macros: '%s': only macros called without a package prefix can be overridden here; override '%s'"
                                .formatted(name, name.substring(name.lastIndexOf('.') + 1)));
            }
            context.addGlobalMacro(new DbtFunction(name, (args, kwargs) -> value));
        });
        return context;
    }

    /**
     * Calls the {@code generate_schema_name}/{@code generate_alias_name} override that applies to {@code node}, when
     * there is one: for a package's node its package's own, else the project's, as dbt picks them.
     */
    Optional<String> callOverride(String macro, Object customValue, Map<String, Object> node, Path file) {
        Object packageName = node.get("package_name");
        boolean packageOwn = packageName != null
                && !packageName.equals(project.name())
                && packageNamespaces
                        .getOrDefault(String.valueOf(packageName), Map.of())
                        .containsKey(macro);
        if (!packageOwn && !projectNamespace.containsKey(macro)) {
            return Optional.empty();
        }
        Map<String, Object> extra = new HashMap<>();
        extra.put("__custom", customValue);
        extra.put("__node", node);
        if (packageOwn) {
            extra.put(NODE_PACKAGE, packageName);
        }
        Output output = render(
                "{{ %s(__custom, __node) }}".formatted(macro),
                file,
                String.valueOf(node.get("name")),
                RenderScope.Mode.COMPILE,
                Optional.empty(),
                extra,
                null);
        return Optional.of(output.text().trim());
    }

    /** Whether {@code nodeName} asked {@code is_incremental()} with no database bound (see {@link IncrementalFunctions}). */
    boolean askedIsIncrementalWithoutDatabase(String nodeName) {
        return incremental.answeredWithoutDatabase(nodeName);
    }

    Set<String> builtinMacroNames() {
        return builtinNamespace.keySet();
    }
}
