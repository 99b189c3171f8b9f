package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.Relation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * dbt's database-facing context: the {@code adapter} and {@code api} objects and the functions that ask the database
 * while rendering ({@code run_query}, {@code statement}/{@code load_result}, {@code load_relation}, {@code
 * get_columns_in_relation}). dbt renders with {@code execute} false while parsing, when these answer nothing, and
 * again with {@code execute} true just before it builds the node, when they query the database. pgtrickle-test does
 * the same: the build binds its connection to the renderer ({@link LiveDatabase}) while it renders a model or test.
 * Rendering with {@code execute} true without a database (listing, discovery, the check before the database exists)
 * fails that node with a {@link NeedsDatabase}, and the build renders it again with the database.
 */
final class DbtAdapter {

    /** A render that asked the database when none is bound: the node is rendered again when it is built. */
    static final class NeedsDatabase extends IllegalArgumentException {
        NeedsDatabase(String call, String node) {
            super(("%s asks the database while rendering %s; it is answered when the model is built (rendering"
                            + " without a database, as listing does, leaves this model uncompiled)")
                    .formatted(call, node));
        }
    }

    private final Supplier<Optional<LiveDatabase>> database;
    private final Supplier<String> targetDatabase;
    private final Map<String, Object> adapter;
    private final Map<String, Object> api;

    /**
     * @param database the database bound for this render, if any
     * @param targetDatabase {@code target.database}, the database relations belong to
     * @param dispatch {@code adapter.dispatch}
     */
    DbtAdapter(Supplier<Optional<LiveDatabase>> database, Supplier<String> targetDatabase, DbtFunction.Body dispatch) {
        this.database = database;
        this.targetDatabase = targetDatabase;
        Map<String, Object> adapterMap = new LinkedHashMap<>();
        adapterMap.put(
                "quote", new DbtFunction("quote", (args, kwargs) -> Relation.quote(String.valueOf(args.get(0)))));
        adapterMap.put("dispatch", new DbtFunction("dispatch", dispatch));
        adapterMap.put("drop_relation", new DbtFunction("drop_relation", (args, kwargs) -> dropRelation(args)));
        adapterMap.put(
                "get_columns_in_relation",
                new DbtFunction(
                        "get_columns_in_relation", (args, kwargs) -> columnsIn(first(args, kwargs, "relation"))));
        adapterMap.put("get_relation", new DbtFunction("get_relation", this::getRelation));
        adapterMap.put(
                "load_relation",
                new DbtFunction("load_relation", (args, kwargs) -> loadRelation(first(args, kwargs, "relation"))));
        adapterMap.put("get_missing_columns", new DbtFunction("get_missing_columns", this::missingColumns));
        adapterMap.put(
                "expand_target_column_types", new DbtFunction("expand_target_column_types", this::expandColumnTypes));
        adapterMap.put("type", new DbtFunction("type", (args, kwargs) -> "postgres"));
        this.adapter = Map.copyOf(adapterMap);
        this.api = Map.of(
                "Relation",
                Map.of(
                        "create",
                        new DbtFunction("create", this::createRelation),
                        "add_ephemeral_prefix",
                        new DbtFunction(
                                "add_ephemeral_prefix",
                                (args, kwargs) -> "__dbt__cte__" + first(args, kwargs, "name"))),
                "Column",
                new ColumnClass());
    }

    /** {@code adapter}. */
    Map<String, Object> adapter() {
        return adapter;
    }

    /** {@code api}. */
    Map<String, Object> api() {
        return api;
    }

    /** The context functions: {@code run_query}, {@code load_result}, {@code load_relation}, ... */
    void registerFunctions(JinjaEngine engine) {
        engine.addFunction("run_query", (args, kwargs) -> runQuery(String.valueOf(first(args, kwargs, "sql"))));
        engine.addFunction("__pgt_statement", this::statement);
        engine.addFunction("load_result", (args, kwargs) -> loadResult(String.valueOf(first(args, kwargs, "name"))));
        engine.addFunction("load_relation", (args, kwargs) -> loadRelation(first(args, kwargs, "relation")));
        engine.addFunction("get_columns_in_relation", (args, kwargs) -> columnsIn(first(args, kwargs, "relation")));
    }

    /**
     * The bound database, or: while parsing, empty (the caller answers what dbt answers then); when executing without
     * one, a {@link NeedsDatabase} failure.
     */
    private Optional<LiveDatabase> live(String call) {
        RenderScope scope = RenderScope.current();
        if (scope.mode == RenderScope.Mode.PARSE) {
            return Optional.empty();
        }
        return Optional.of(database.get().orElseThrow(() -> new NeedsDatabase(call, scope.nodeName)));
    }

    private Object runQuery(String sql) {
        return live("run_query()").map(db -> db.execute(sql, true).table()).orElse(null);
    }

    /** {@code {% call statement(name, fetch_result) %}sql{% endcall %}}: run it, keep the answer for load_result. */
    private Object statement(List<Object> args, Map<String, Object> kwargs) {
        Object name = args.isEmpty() ? null : args.get(0);
        String sql = args.size() > 1 ? String.valueOf(args.get(1)) : "";
        boolean fetch = args.size() > 2 && Boolean.TRUE.equals(args.get(2));
        Optional<LiveDatabase> db = live("statement()");
        if (db.isPresent() && name != null) {
            LiveDatabase.Answer answer = db.get().execute(sql, fetch);
            Map<String, Object> result = new LinkedHashMap<>();
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("_message", answer.status());
            response.put("code", answer.status());
            response.put("rows_affected", answer.rowsAffected());
            result.put("response", response);
            result.put("data", answer.table().matrix());
            result.put("table", answer.table());
            RenderScope.current().statementResults.put(String.valueOf(name), result);
        } else if (db.isPresent()) {
            db.get().execute(sql, false);
        }
        return "";
    }

    private static Object loadResult(String name) {
        return RenderScope.current().statementResults.get(name);
    }

    private Object columnsIn(Object relation) {
        RelationValue value = relation(relation, "get_columns_in_relation()");
        return live("adapter.get_columns_in_relation()")
                .map(db -> (Object) db.columns(value.getSchema(), value.getIdentifier()))
                .orElse(List.of());
    }

    private Object getRelation(List<Object> args, Map<String, Object> kwargs) {
        Object schema = argument(args, kwargs, 1, "schema");
        Object identifier = argument(args, kwargs, 2, "identifier");
        if (schema == null || identifier == null) {
            throw new IllegalArgumentException("adapter.get_relation() needs database, schema and identifier");
        }
        return find(String.valueOf(schema), String.valueOf(identifier), "adapter.get_relation()");
    }

    private Object loadRelation(Object relation) {
        RelationValue value = relation(relation, "load_relation()");
        return find(value.getSchema(), value.getIdentifier(), "load_relation()");
    }

    private Object find(String schema, String identifier, String call) {
        return live(call)
                .flatMap(db -> db.relationType(schema, identifier))
                .map(type -> (Object) RelationValue.of(targetDatabase.get(), new Relation(schema, identifier), type))
                .orElse(null);
    }

    /** {@code adapter.get_missing_columns(from, to)}: the columns of {@code from} that {@code to} lacks, by name. */
    private Object missingColumns(List<Object> args, Map<String, Object> kwargs) {
        RelationValue from = relation(argument(args, kwargs, 0, "from_relation"), "get_missing_columns()");
        RelationValue to = relation(argument(args, kwargs, 1, "to_relation"), "get_missing_columns()");
        Optional<LiveDatabase> db = live("adapter.get_missing_columns()");
        if (db.isEmpty()) {
            return List.of();
        }
        Set<String> present = db.get().columns(to.getSchema(), to.getIdentifier()).stream()
                .map(column -> column.getName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return db.get().columns(from.getSchema(), from.getIdentifier()).stream()
                .filter(column -> !present.contains(column.getName().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /**
     * {@code adapter.expand_target_column_types(from, to)}: widens each string column of {@code to} that is shorter
     * than the same column of {@code from}, as dbt does before inserting into an existing table.
     */
    private Object expandColumnTypes(List<Object> args, Map<String, Object> kwargs) {
        RelationValue from = relation(argument(args, kwargs, 0, "from_relation"), "expand_target_column_types()");
        RelationValue to = relation(argument(args, kwargs, 1, "to_relation"), "expand_target_column_types()");
        Optional<LiveDatabase> db = live("adapter.expand_target_column_types()");
        if (db.isEmpty()) {
            return "";
        }
        Map<String, ColumnValue> source = new LinkedHashMap<>();
        db.get()
                .columns(from.getSchema(), from.getIdentifier())
                .forEach(column -> source.put(column.getName(), column));
        List<String> statements = new ArrayList<>();
        for (ColumnValue target : db.get().columns(to.getSchema(), to.getIdentifier())) {
            ColumnValue wider = source.get(target.getName());
            if (wider != null && target.can_expand_to(wider)) {
                statements.add("alter table %s alter column %s type character varying(%d)"
                        .formatted(to, target.getQuoted(), wider.string_size()));
            }
        }
        statements.forEach(sql -> db.get().execute(sql, false));
        return "";
    }

    /**
     * {@code adapter.drop_relation(relation)}: in a hook, the hook runs {@code DROP ... IF EXISTS} where it stands;
     * elsewhere with a database bound, the relation is dropped now. A table unless the relation says it is a view.
     */
    private Object dropRelation(List<Object> args) {
        if (args.isEmpty() || !(args.get(0) instanceof RelationValue relation)) {
            throw new IllegalArgumentException("adapter.drop_relation() needs a relation (ref(), source() or this)");
        }
        RenderScope scope = RenderScope.current();
        if (scope.mode == RenderScope.Mode.PARSE) {
            return "";
        }
        String kind = "view".equals(relation.type()) ? "VIEW" : "TABLE";
        String sql = "DROP %s IF EXISTS %s CASCADE".formatted(kind, relation);
        if (scope.collectsStatements) {
            scope.hookStatements.add(sql);
        } else {
            live("adapter.drop_relation()").ifPresent(db -> db.execute(sql, false));
        }
        return "";
    }

    /** {@code api.Relation.create(database, schema, identifier, type)}. */
    private Object createRelation(List<Object> args, Map<String, Object> kwargs) {
        Object database = argument(args, kwargs, 0, "database");
        Object schema = argument(args, kwargs, 1, "schema");
        Object identifier = argument(args, kwargs, 2, "identifier");
        Object type = argument(args, kwargs, 3, "type");
        if (identifier == null) {
            throw new IllegalArgumentException("api.Relation.create() needs an identifier");
        }
        return RelationValue.of(
                database == null ? targetDatabase.get() : String.valueOf(database),
                new Relation(schema == null ? "" : String.valueOf(schema), String.valueOf(identifier)),
                type == null ? null : String.valueOf(type));
    }

    private static RelationValue relation(Object value, String call) {
        if (value instanceof RelationValue relation) {
            return relation;
        }
        throw new IllegalArgumentException(
                "%s needs a relation (ref(), source(), this or api.Relation.create()), got %s".formatted(call, value));
    }

    private static Object first(List<Object> args, Map<String, Object> kwargs, String name) {
        return argument(args, kwargs, 0, name);
    }

    private static Object argument(List<Object> args, Map<String, Object> kwargs, int position, String name) {
        return args.size() > position ? args.get(position) : kwargs.get(name);
    }
}
