package dev.pgtrickle.test.harness.server;

/**
 * Decide which backend serves a project: an explicit choice wins; otherwise external settings, if present, mean the
 * external backend; otherwise a reachable Docker engine means the real image; otherwise the embedded server.
 */
public final class BackendSelector {

    private BackendSelector() {}

    /** The backend to use for these settings (never {@link BackendKind#AUTO}). */
    public static BackendKind choose(ServerSettings settings) {
        return choose(settings, DockerAvailability::isAvailable);
    }

    /** As {@link #choose(ServerSettings)}, with the Docker check supplied (for tests). */
    static BackendKind choose(ServerSettings settings, java.util.function.BooleanSupplier dockerAvailable) {
        if (settings.backend() != BackendKind.AUTO) {
            return settings.backend();
        }
        if (settings.external().isPresent()) {
            return BackendKind.EXTERNAL;
        }
        return dockerAvailable.getAsBoolean() ? BackendKind.CONTAINER : BackendKind.EMBEDDED;
    }

    /** Start (or connect to) a server of the chosen kind. */
    static PostgresServer start(BackendKind kind, ServerSettings settings) {
        return switch (kind) {
            case EMBEDDED -> WarmServer.wanted() ? startWarm() : EmbeddedPostgresServer.start();
            case CONTAINER -> ContainerPostgresServer.start(settings);
            case EXTERNAL ->
                ExternalPostgresServer.connect(settings.external()
                        .orElseThrow(() -> new ServerStartException(
                                "external backend: no connection settings; set pgtrickle.external.host (and port, user,"
                                        + " password, database) or the PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE"
                                        + " environment variables")));
            case AUTO -> throw new IllegalArgumentException("choose a backend before starting it");
        };
    }

    private static PostgresServer startWarm() {
        ClusterCache cache = ClusterCache.forUser();
        String key = EmbeddedPostgresServer.clusterKey();
        return new WarmServer(cache.root().resolve("warm")).attachOrStart(cache, key);
    }
}
