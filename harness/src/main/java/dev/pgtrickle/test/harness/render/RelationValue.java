package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.collections.PyMap;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import dev.pgtrickle.test.harness.project.Relation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code ref()}, {@code source()} and {@code this} return in a template: prints as {@code "schema"."identifier"}
 * and exposes {@code schema}, {@code identifier}, {@code name}, {@code table} and {@code database} like dbt's
 * relation object. Like dbt's, it is a mapping whose {@code metadata.type} ends in {@code Relation}, which is how
 * packages tell a relation from a string ({@code obj is mapping and obj.get('metadata', {}).get('type', '')...}).
 */
public final class RelationValue extends PyMap implements PyishSerializable {

    private final String database;
    private final String schema;
    private final String identifier;
    private final String rendered;
    private final String type;

    /** The value of a relation in {@code database}, as templates see it. */
    public static RelationValue of(String database, Relation relation) {
        return new RelationValue(database, relation);
    }

    /**
     * A relation of a known type ({@code table}, {@code view}, ...), as {@code adapter.get_relation} and {@code
     * api.Relation.create} answer; without a schema it prints as the bare quoted identifier.
     */
    static RelationValue of(String database, Relation relation, String type) {
        String rendered = relation.schema().isEmpty() ? Relation.quote(relation.identifier()) : relation.quoted();
        return new RelationValue(database, relation.schema(), relation.identifier(), rendered, type);
    }

    RelationValue(String database, Relation relation) {
        this(database, relation.schema(), relation.identifier(), relation.quoted(), null);
    }

    private RelationValue(String database, String schema, String identifier, String rendered, String type) {
        super(asMap(database, schema, identifier, type));
        this.type = type;
        this.database = database;
        this.schema = schema;
        this.identifier = identifier;
        this.rendered = rendered;
    }

    /** An ephemeral model's CTE name, {@code __dbt__cte__<name>}, printed unquoted as dbt does. */
    static RelationValue cte(String database, String model) {
        String name = "__dbt__cte__" + model;
        return new RelationValue(database, "", name, name, "cte");
    }

    private static Map<String, Object> asMap(String database, String schema, String identifier, String type) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("database", database);
        map.put("schema", schema);
        map.put("identifier", identifier);
        map.put("name", identifier);
        map.put("table", identifier);
        map.put("is_cte", "cte".equals(type));
        map.put("is_table", "table".equals(type));
        map.put("is_view", "view".equals(type));
        map.put("metadata", new PyMap(new LinkedHashMap<>(Map.of("type", "PostgresRelation"))));
        return map;
    }

    /**
     * dbt's {@code relation.incorporate(type='table')} (also {@code path=...}, ignored): the same relation, with the
     * type set when given. Called by templates, which pass keyword arguments as jinjava's named parameters.
     */
    public RelationValue incorporate(Object... arguments) {
        String newType = type;
        for (Object argument : arguments) {
            if (argument instanceof NamedParameter named && named.getName().equals("type")) {
                newType = named.getValue() == null ? null : String.valueOf(named.getValue());
            }
        }
        return new RelationValue(database, schema, identifier, rendered, newType);
    }

    /** One argument: jinjava looks methods up by their number of parameters. */
    public RelationValue incorporate(Object argument) {
        return incorporate(new Object[] {argument});
    }

    /** No argument: the same relation. */
    public RelationValue incorporate() {
        return this;
    }

    /** {@code relation.render()}: the relation as SQL text, what printing it gives. */
    public String render() {
        return rendered;
    }

    /**
     * {@code relation.include(database=..., schema=..., identifier=...)}: the database is never printed here, so only
     * {@code schema=False} changes the text (to the bare quoted identifier).
     */
    public RelationValue include(Object... arguments) {
        for (Object argument : arguments) {
            if (argument instanceof NamedParameter named
                    && named.getName().equals("schema")
                    && Boolean.FALSE.equals(named.getValue())
                    && !schema.isEmpty()) {
                return new RelationValue(database, schema, identifier, Relation.quote(identifier), type);
            }
        }
        return this;
    }

    /** One argument: jinjava looks methods up by their number of parameters. */
    public RelationValue include(Object argument) {
        return include(new Object[] {argument});
    }

    /** {@code type}: {@code table}, {@code view}, ... when known ({@code incorporate(type=...)}), else null. */
    public String type() {
        return type;
    }

    /** {@code database}: the target database. */
    public String getDatabase() {
        return database;
    }

    /** {@code schema}; empty for an ephemeral CTE. */
    public String getSchema() {
        return schema;
    }

    /** {@code identifier}: the table, view or CTE name. */
    public String getIdentifier() {
        return identifier;
    }

    /** {@code name}: dbt's alias of {@code identifier}. */
    public String getName() {
        return identifier;
    }

    /** {@code table}: dbt's alias of {@code identifier}. */
    public String getTable() {
        return identifier;
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append(rendered);
        return appendable;
    }

    @Override
    public String toString() {
        return rendered;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RelationValue relation && relation.rendered.equals(rendered);
    }

    @Override
    public int hashCode() {
        return rendered.hashCode();
    }
}
