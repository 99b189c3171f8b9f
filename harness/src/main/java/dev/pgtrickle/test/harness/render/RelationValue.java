package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import dev.pgtrickle.test.harness.project.Relation;
import java.io.IOException;

/**
 * What {@code ref()}, {@code source()} and {@code this} return in a template: prints as {@code "schema"."identifier"}
 * and exposes {@code schema}, {@code identifier}, {@code name}, {@code table} and {@code database} like dbt's
 * relation object.
 */
public final class RelationValue implements PyishSerializable {

    private final String database;
    private final String schema;
    private final String identifier;
    private final String rendered;

    RelationValue(String database, Relation relation) {
        this(database, relation.schema(), relation.identifier(), relation.quoted());
    }

    private RelationValue(String database, String schema, String identifier, String rendered) {
        this.database = database;
        this.schema = schema;
        this.identifier = identifier;
        this.rendered = rendered;
    }

    /** An ephemeral model's CTE name, {@code __dbt__cte__<name>}, printed unquoted as dbt does. */
    static RelationValue cte(String database, String model) {
        String name = "__dbt__cte__" + model;
        return new RelationValue(database, "", name, name);
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
}
