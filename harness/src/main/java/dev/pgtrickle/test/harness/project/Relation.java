package dev.pgtrickle.test.harness.project;

import java.util.Objects;

/**
 * A database object a dbt node builds or reads: {@code schema.identifier} in the project's database.
 *
 * @param schema the schema, as PostgreSQL stores it (already case-folded)
 * @param identifier the table, view or stream table name
 */
public record Relation(String schema, String identifier) {

    public Relation {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(identifier, "identifier");
    }

    /** {@code "schema"."identifier"} with SQL identifier quoting, as dbt renders {@code ref()}. */
    public String quoted() {
        return quote(schema) + "." + quote(identifier);
    }

    /** {@code schema.identifier} unquoted: the form pg_trickle's API takes as a stream table name. */
    public String qualifiedName() {
        return schema + "." + identifier;
    }

    /** Quote one SQL identifier, doubling embedded quotes. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
