package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("backend selection and settings")
class BackendSelectionTests {

    private static final SettingSource NO_ENV = SettingSource.empty();

    private static ServerSettings resolve(Map<String, String> configured, Map<String, String> env) {
        return ServerSettings.resolve(SettingSource.of(configured), SettingSource.of(env));
    }

    @Test
    @DisplayName("an explicit choice wins over external settings and Docker")
    void explicitChoiceWins() {
        ServerSettings settings = resolve(Map.of("pgtrickle.backend", "embedded"), Map.of("PGHOST", "db.example"));

        assertThat(BackendSelector.choose(settings, () -> true)).isEqualTo(BackendKind.EMBEDDED);
        assertThat(BackendSelector.choose(settings.withBackend(BackendKind.CONTAINER), () -> false))
                .isEqualTo(BackendKind.CONTAINER);
    }

    @Test
    @DisplayName("external settings come next, then Docker, then embedded")
    void externalThenDockerThenEmbedded() {
        ServerSettings external = resolve(Map.of(), Map.of("PGHOST", "db.example"));
        ServerSettings nothing = resolve(Map.of(), Map.of());

        assertThat(BackendSelector.choose(external, () -> true)).isEqualTo(BackendKind.EXTERNAL);
        assertThat(BackendSelector.choose(nothing, () -> true)).isEqualTo(BackendKind.CONTAINER);
        assertThat(BackendSelector.choose(nothing, () -> false)).isEqualTo(BackendKind.EMBEDDED);
    }

    @Test
    @DisplayName("the image comes from the setting, then PGTRICKLE_IMAGE, then the pinned default")
    void imagePrecedence() {
        assertThat(resolve(Map.of("pgtrickle.image", "a:1"), Map.of("PGTRICKLE_IMAGE", "b:2"))
                        .containerImage())
                .isEqualTo("a:1");
        assertThat(resolve(Map.of(), Map.of("PGTRICKLE_IMAGE", "b:2")).containerImage())
                .isEqualTo("b:2");
        assertThat(resolve(Map.of(), Map.of()).containerImage())
                .isEqualTo(ServerSettings.DEFAULT_IMAGE)
                .isEqualTo("ghcr.io/trickle-labs/pg_trickle:0.67.0-pg18.3");
    }

    @Test
    @DisplayName("container reuse is off unless asked for")
    void reuseIsOptIn() {
        assertThat(resolve(Map.of(), Map.of()).containerReuse()).isFalse();
        assertThat(resolve(Map.of("pgtrickle.container.reuse", "true"), Map.of())
                        .containerReuse())
                .isTrue();
    }

    @Test
    @DisplayName("an unknown backend name is an error listing the choices")
    void unknownBackend() {
        assertThatThrownBy(() -> resolve(Map.of("pgtrickle.backend", "docker"), Map.of()))
                .hasMessage(
                        "setting 'pgtrickle.backend': unknown backend 'docker'; use one of auto, embedded, container,"
                                + " external");
    }

    @Test
    @DisplayName("external settings: explicit keys win over PG* variables, which fill the gaps")
    void externalFromKeysAndEnvironment() {
        ExternalConnection fromEnv = resolve(
                        Map.of(),
                        Map.of(
                                "PGHOST", "env-host",
                                "PGPORT", "6543",
                                "PGUSER", "alice",
                                "PGPASSWORD", "secret",
                                "PGDATABASE", "analytics"))
                .external()
                .orElseThrow();
        ExternalConnection mixed = resolve(
                        Map.of("pgtrickle.external.host", "key-host", "pgtrickle.external.disposable", "true"),
                        Map.of("PGHOST", "env-host", "PGUSER", "alice"))
                .external()
                .orElseThrow();

        assertThat(fromEnv).isEqualTo(new ExternalConnection("env-host", 6543, "alice", "secret", "analytics", false));
        assertThat(fromEnv.toString()).doesNotContain("secret");
        assertThat(mixed).isEqualTo(new ExternalConnection("key-host", 5432, "alice", "", "postgres", true));
        assertThat(resolve(Map.of(), Map.of()).external()).isEmpty();
    }

    @Test
    @DisplayName("a port that is not a number names the setting to fix")
    void badPort() {
        assertThatThrownBy(() -> resolve(Map.of(), Map.of("PGHOST", "h", "PGPORT", "five")))
                .hasMessage("external backend: port 'five' is not a number; set pgtrickle.external.port or PGPORT to a"
                        + " TCP port");
    }

    @Test
    @DisplayName("the container backend without Docker fails at once with a message saying what to do")
    void containerWithoutDocker() {
        org.junit.jupiter.api.Assumptions.assumeFalse(DockerAvailability.isAvailable(), "Docker is available here");

        assertThatThrownBy(() -> ContainerPostgresServer.start(ServerSettings.defaults()))
                .isInstanceOf(ServerStartException.class)
                .hasMessage("container backend: Docker is not available, so the pg_trickle image"
                        + " ghcr.io/trickle-labs/pg_trickle:0.67.0-pg18.3 cannot run; start a Docker engine, or choose"
                        + " -Dpgtrickle.backend=embedded (pg_trickle emulated) or external");
    }

    @Test
    @DisplayName("the container keeps the image's preload: core settings with -c, pg_trickle ones by ALTER SYSTEM")
    void containerCommand() {
        assertThat(ContainerPostgresServer.command())
                .containsExactly(
                        "postgres",
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off",
                        "-c",
                        "max_connections=300");
        assertThat(ContainerPostgresServer.PG_TRICKLE_SETTINGS)
                .containsEntry("pg_trickle.scheduler_interval_ms", "100")
                .containsEntry("pg_trickle.auto_backoff", "off")
                .doesNotContainKey("shared_preload_libraries");
        var container = ContainerPostgresServer.createContainer(ServerSettings.DEFAULT_IMAGE, false);
        assertThat(container.getCommandParts()).containsExactlyElementsOf(ContainerPostgresServer.command());
        assertThat(container.isShouldBeReused()).isFalse();
    }
}
