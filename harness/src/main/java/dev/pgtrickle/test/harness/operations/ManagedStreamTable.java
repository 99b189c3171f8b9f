package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.project.Relation;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A stream table the project manages: a {@code stream_table} model and the name it materializes as (after
 * {@code stream_table_schema} / {@code stream_table_name}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ManagedStreamTable(String model, Relation name) {

    public ManagedStreamTable {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(name, "name");
    }
}
