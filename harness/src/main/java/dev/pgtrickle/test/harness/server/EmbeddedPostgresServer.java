package dev.pgtrickle.test.harness.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 18 from the zonky binaries on Maven Central, on a free loopback port, with its data directory in a
 * temporary folder that is removed when the server stops.
 *
 * <p>The data directory lives inside a {@link EmbeddedDataDirectories work folder} that records the owning JVM, so a
 * server orphaned by a JVM that was killed outright is stopped and removed by the next JVM that starts one.
 */
final class EmbeddedPostgresServer implements EmbeddedServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** Durability is worthless in a throw-away test server; these settings make writes cheap. */
    private static final Map<String, String> TEST_SETTINGS = Map.of(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off",
            "max_connections", "300",
            "listen_addresses", "127.0.0.1",
            "log_min_messages", "warning");

    /**
     * The binaries archive for zonky, as {@link EmbeddedBinaries} finds it: zonky's default resolver runs a shell script
     * to name the Linux distribution in every JVM before it looks, a process start on the way to every server. One
     * instance, because zonky remembers the unpacked binaries per resolver.
     */
    private static final PgBinaryResolver BINARIES = (system, machine) -> EmbeddedBinaries.forThisMachine()
            .archive(EmbeddedPostgres.class.getClassLoader())
            .orElseThrow(() ->
                    new IOException("no PostgreSQL binaries for %s %s on the class path".formatted(system, machine)))
            .openStream();

    /** How long a stop waits for the background work on its databases (a drop takes well under a second). */
    private static final Duration BACKGROUND_WORK_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path workFolder;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path workFolder) {
        this.postgres = postgres;
        this.workFolder = workFolder;
    }

    /** Start a fresh server; fail with a message that names the data directory when PostgreSQL will not start. */
    static EmbeddedPostgresServer start() {
        return start(ClusterCache.forUser());
    }

    /** As {@link #start()}, with the cluster copied from {@code cache} (for tests of the cache). */
    static EmbeddedPostgresServer start(ClusterCache cache) {
        return start(cache, EmbeddedDataDirectories.temporaryFolder());
    }

    /**
     * As {@link #start(ClusterCache)}, with the work folder made in {@code workParent} instead of {@code
     * java.io.tmpdir}, which the JVM reads only once (for tests of a full disk).
     */
    static EmbeddedPostgresServer start(ClusterCache cache, Path workParent) {
        ClassLoader loader = EmbeddedPostgres.class.getClassLoader();
        EmbeddedBinaries.forThisMachine().requirePresent(loader);
        EmbeddedDataDirectories.reapOrphans();
        Path workFolder = EmbeddedDataDirectories.create(workParent);
        Path dataDirectory = workFolder.resolve("data");
        try {
            boolean copied = copyCachedCluster(cache, dataDirectory);
            EmbeddedPostgres postgres = builder(dataDirectory, !copied).start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, workFolder);
            if (copied) {
                EmulationTemplates.adopt(server);
            }
            return server;
        } catch (ServerStartException e) {
            EmbeddedDataDirectories.delete(workFolder);
            throw e;
        } catch (IOException | RuntimeException e) {
            EmbeddedDataDirectories.delete(workFolder);
            throw new ServerStartException(
                    "embedded backend: PostgreSQL 18 did not start in %s: %s".formatted(dataDirectory, e.getMessage()),
                    e);
        }
    }

    /** The cache key of this machine's binaries with the test settings and the baked layout; empty without binaries. */
    static Optional<String> clusterKey() {
        return ClusterCache.zonkyBinaries(EmbeddedPostgres.class.getClassLoader())
                .map(binaries -> ClusterCache.key(binaries + " " + EmulationTemplates.bakedLayout(), TEST_SETTINGS));
    }

    /** Copy the cached cluster into {@code dataDirectory}; false when the cache cannot be used (initdb instead). */
    private static boolean copyCachedCluster(ClusterCache cache, Path dataDirectory) {
        return clusterKey()
                .map(key -> cache.copyInto(key, dataDirectory, EmbeddedPostgresServer::initialiseCluster))
                .orElse(false);
    }

    /**
     * Start a server in {@code dataDirectory} (a copy of the cached cluster, or a fresh initdb) that outlives this JVM:
     * the warm server of the command line's {@code --reuse}. Its output goes to {@code log}, not to this JVM, and
     * nothing here stops it ({@link WarmServer} does).
     *
     * @return the running server, whose port and template the caller records
     */
    static EmbeddedPostgres startDetached(ClusterCache cache, Path dataDirectory, Path log) throws IOException {
        EmbeddedBinaries.forThisMachine().requirePresent(EmbeddedPostgres.class.getClassLoader());
        boolean copied = copyCachedCluster(cache, dataDirectory);
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        return builder(dataDirectory, !copied)
                .setCleanDataDirectory(false)
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog)
                .start();
    }

    /**
     * For the {@link ClusterCache}: initdb, start once, {@link EmulationTemplates#bake bake} the emulation's template
     * and a ready project database into the cluster, stop cleanly, keep the data directory.
     */
    private static void initialiseCluster(Path dataDirectory) throws IOException {
        try (EmbeddedPostgres postgres = builder(dataDirectory, false).start()) {
            // Not closed: its close() would delete the folder being cached; the zonky server above stops it.
            EmulationTemplates.bake(new EmbeddedPostgresServer(postgres, dataDirectory.getParent()));
        } catch (SQLException e) {
            throw new IOException(
                    "cannot install the pg_trickle emulation into the cached cluster: " + e.getMessage(), e);
        }
    }

    /**
     * zonky's builder for a server on {@code dataDirectory}. With {@code initdb} false an existing cluster there is used
     * as it is (zonky runs initdb only when the folder has no postgresql.conf).
     */
    private static EmbeddedPostgres.Builder builder(Path dataDirectory, boolean initdb) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setPgBinaryResolver(BINARIES)
                .setCleanDataDirectory(initdb)
                .setPGStartupWait(Duration.ofSeconds(60))
                // SharedServers' shutdown hook stops the server. zonky's own hook would run at the same time,
                // and while its pg_ctl stop was still waiting, close() (finding zonky already "closed") deleted
                // the work folder under the running postmaster, which then survived the JVM.
                .setRegisterShutdownHook(false);
        TEST_SETTINGS.forEach(builder::setServerConfig);
        return builder;
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL on 127.0.0.1:" + postgres.getPort();
    }

    @Override
    public boolean isRunning() {
        return EmbeddedDataDirectories.postmasterRuns(workFolder.resolve("data"));
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        // The project databases closed classes left for the background to drop are dropped now, while the server runs.
        EmulationTemplates.finish(this, BACKGROUND_WORK_WAIT);
        try {
            if (!isRunning()) {
                // Killed under a run: pg_ctl stop would only fail (and zonky log its stack trace); the folder goes
                // below.
                LOG.debug("embedded PostgreSQL in {} is no longer running", workFolder);
                return;
            }
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL in {} did not stop cleanly: {}", workFolder, e.getMessage());
        } finally {
            // Never delete the folder under a live postmaster: if pg_ctl did not stop it, stop it here first.
            EmbeddedDataDirectories.stopPostmaster(workFolder.resolve("data"));
            EmbeddedDataDirectories.delete(workFolder);
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The work folder holding the data directory (for tests of clean-up). */
    Path workFolder() {
        return workFolder;
    }

    /** Whether the work folder still exists (for tests of clean-up). */
    boolean workFolderExists() {
        return Files.exists(workFolder);
    }
}
