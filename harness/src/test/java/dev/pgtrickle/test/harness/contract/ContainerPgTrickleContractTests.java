package dev.pgtrickle.test.harness.contract;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.DockerAvailability;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The same pg_trickle contract against the real extension in its runnable image; skipped when Docker is missing.
 * The real scheduler first has to notice the new database (launcher poll), hence the longer timeout.
 */
@Tag("docker")
@EnabledIf(
        value = "dockerAvailable",
        disabledReason = "Docker is not available, so the real pg_trickle image cannot run")
@DisplayName("pg_trickle contract: real extension in the container image")
class ContainerPgTrickleContractTests extends PgTrickleContract {

    static boolean dockerAvailable() {
        return DockerAvailability.isAvailable();
    }

    @Override
    protected ServerSettings serverSettings() {
        return ServerSettings.defaults().withBackend(BackendKind.CONTAINER);
    }

    @Override
    protected Duration schedulerTimeout() {
        return Duration.ofSeconds(90);
    }
}
