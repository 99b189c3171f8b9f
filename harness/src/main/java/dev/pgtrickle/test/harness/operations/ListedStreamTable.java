package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.project.Relation;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A selected {@code stream_table} model and, when it exists, its catalog state.
 *
 * @param model the model name
 * @param name the stream table it materializes as
 * @param status the catalog status, empty when the stream table does not exist
 * @param schedule the stored schedule ({@code CALCULATED} for NULL), empty when it does not exist
 * @param refreshMode the stored (resolved) refresh mode, empty when it does not exist
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ListedStreamTable(
        String model, Relation name, Optional<String> status, Optional<String> schedule, Optional<String> refreshMode) {

    /** Whether the stream table exists in the catalog. */
    public boolean exists() {
        return status.isPresent();
    }
}
