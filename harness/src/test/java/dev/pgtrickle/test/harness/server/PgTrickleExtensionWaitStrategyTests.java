package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

/**
 * The container's "pg_trickle is installed" wait, pointed at the embedded server (which has no real pg_trickle) through
 * a target that needs no Docker.
 */
@DisplayName("wait strategy for pg_trickle in the container")
class PgTrickleExtensionWaitStrategyTests {

    /** A container target that is really the embedded server on the loopback interface. */
    private record EmbeddedTarget(int port) implements WaitStrategyTarget {
        @Override
        public List<Integer> getExposedPorts() {
            return List.of(5432);
        }

        @Override
        public InspectContainerResponse getContainerInfo() {
            throw new UnsupportedOperationException("no container");
        }

        @Override
        public String getHost() {
            return "127.0.0.1";
        }

        @Override
        public Integer getMappedPort(int originalPort) {
            return port;
        }
    }

    @Test
    @DisplayName("keeps polling while the server answers without pg_trickle, then fails naming the database")
    void failsWhenTheExtensionNeverAppears() {
        EmbeddedPostgresServer embedded = (EmbeddedPostgresServer)
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        var strategy = new PgTrickleExtensionWaitStrategy(5432, "postgres", "postgres", "")
                .withStartupTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> strategy.waitUntilReady(new EmbeddedTarget(embedded.port())))
                .isInstanceOf(ContainerLaunchException.class)
                .hasMessage("pg_trickle did not become available in jdbc:postgresql://127.0.0.1:%d/postgres within 2s"
                                .formatted(embedded.port())
                        + " (last: connected, but pg_trickle is not in pg_extension of database postgres); the image's"
                        + " init script creates it on first start: check the container log");
    }

    @Test
    @DisplayName("reports the connection error when nothing listens")
    void reportsConnectionErrors() {
        var strategy = new PgTrickleExtensionWaitStrategy(5432, "postgres", "postgres", "")
                .withStartupTimeout(Duration.ofSeconds(1));

        assertThatThrownBy(() -> strategy.waitUntilReady(new EmbeddedTarget(1)))
                .isInstanceOf(ContainerLaunchException.class)
                .hasMessageContaining("within 1s (last: ")
                .hasMessageContaining("Connection to 127.0.0.1:1 refused");
    }
}
