package dev.pgtrickle.test.harness.server;

import dev.pgtrickle.test.harness.settings.Setting;
import java.util.Optional;

/**
 * Everything that decides which server a project runs on. Two projects with equal settings share one server.
 *
 * @param backend the requested backend ({@link BackendKind#AUTO} lets {@link BackendSelector} choose)
 * @param containerImage full image reference for the container backend
 * @param containerReuse whether Testcontainers may reuse a container across JVMs (opt-in, as in Testcontainers)
 * @param external connection settings for the external backend, when any were given
 */
public record ServerSettings(
        BackendKind backend, String containerImage, boolean containerReuse, Optional<ExternalConnection> external) {

    /** The pg_trickle image the container backend runs unless told otherwise. */
    public static final String DEFAULT_IMAGE = "ghcr.io/trickle-labs/pg_trickle:0.67.0-pg18.3";

    /** System property / configuration key choosing the backend. */
    public static final String BACKEND_KEY = Setting.Keys.BACKEND;

    /** System property / configuration key naming the container image. */
    public static final String IMAGE_KEY = Setting.Keys.IMAGE;

    /** Environment variable naming the container image. */
    public static final String IMAGE_ENV = "PGTRICKLE_IMAGE";

    /** System property / configuration key opting in to container reuse. */
    public static final String REUSE_KEY = Setting.Keys.CONTAINER_REUSE;

    public ServerSettings {
        if (containerImage == null || containerImage.isBlank()) {
            throw new IllegalArgumentException("container image must not be blank");
        }
    }

    /** Settings that let the selector choose, with the default image and no external server. */
    public static ServerSettings defaults() {
        return new ServerSettings(BackendKind.AUTO, DEFAULT_IMAGE, false, Optional.empty());
    }

    /** The same settings with another backend. */
    public ServerSettings withBackend(BackendKind kind) {
        return new ServerSettings(kind, containerImage, containerReuse, external);
    }

    /**
     * Resolve settings from layered sources.
     *
     * @param configured annotation attributes and configuration parameters, keys as in the {@code *_KEY} constants
     * @param environment environment variables (the image variable and the {@code PG*} connection variables)
     */
    public static ServerSettings resolve(SettingSource configured, SettingSource environment) {
        BackendKind backend =
                BackendKind.parse(configured.get(BACKEND_KEY).orElse(null), "setting '" + BACKEND_KEY + "'");
        String image =
                configured.get(IMAGE_KEY).or(() -> environment.get(IMAGE_ENV)).orElse(DEFAULT_IMAGE);
        boolean reuse = configured.get(REUSE_KEY).map(Boolean::parseBoolean).orElse(false);
        Optional<ExternalConnection> external = ExternalConnection.resolve(configured, environment);
        return new ServerSettings(backend, image, reuse, external);
    }
}
