package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, asked once per JVM.
 *
 * <p>When nothing suggests Docker exists (no {@code DOCKER_HOST}, no Testcontainers host override, no docker context,
 * none of the usual sockets), the answer is "no" without asking Testcontainers, whose search logs a multi-line ERROR
 * on every machine without Docker. Anything that does suggest Docker is left to Testcontainers to judge.
 */
public final class DockerAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(DockerAvailability.class);
    private static volatile Boolean available;

    private DockerAvailability() {}

    /** True when Testcontainers can reach a Docker engine. Never throws; never waits longer than Testcontainers does. */
    public static boolean isAvailable() {
        Boolean known = available;
        if (known == null) {
            synchronized (DockerAvailability.class) {
                known = available;
                if (known == null) {
                    available = known = ask();
                }
            }
        }
        return known;
    }

    private static boolean ask() {
        Optional<String> hint = dockerHint();
        if (hint.isEmpty()) {
            LOG.info("no Docker engine found (no DOCKER_HOST, no Docker socket); the container backend is unavailable");
            return false;
        }
        try {
            boolean answer = DockerClientFactory.instance().isDockerAvailable();
            if (!answer) {
                LOG.info("Docker did not answer ({}); the container backend is unavailable", hint.get());
            }
            return answer;
        } catch (RuntimeException | LinkageError e) {
            LOG.info("Docker check failed ({}): {}", hint.get(), e.toString());
            return false;
        }
    }

    /** Why Docker might be there, or empty when no usual sign of it exists. */
    static Optional<String> dockerHint() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return Optional.of("Windows named pipe");
        }
        for (String variable : List.of("DOCKER_HOST", "TESTCONTAINERS_HOST_OVERRIDE", "DOCKER_CONTEXT")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(variable + "=" + value);
            }
        }
        Path home = Path.of(System.getProperty("user.home", "/"));
        Path properties = home.resolve(".testcontainers.properties");
        if (fileMentions(properties, "docker.host") || fileMentions(properties, "tc.host")) {
            return Optional.of(properties.toString());
        }
        if (fileMentions(home.resolve(".docker/config.json"), "currentContext")) {
            return Optional.of("docker context in ~/.docker/config.json");
        }
        for (Path socket : socketCandidates(home)) {
            if (Files.exists(socket)) {
                return Optional.of(socket.toString());
            }
        }
        return Optional.empty();
    }

    private static List<Path> socketCandidates(Path home) {
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".rd/docker.sock"),
                home.resolve(".orbstack/run/docker.sock")));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(Path.of(runtime, "docker.sock"));
            sockets.add(Path.of(runtime, ".docker/run/docker.sock"));
            sockets.add(Path.of(runtime, "podman/podman.sock"));
        }
        return sockets;
    }

    private static boolean fileMentions(Path file, String text) {
        try {
            return Files.isRegularFile(file) && Files.readString(file).contains(text);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
