package dev.pgtrickle.test.harness.server;

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
 * temporary folder that is removed when the server stops. {@link Postmaster} starts and stops the process; the cluster
 * is a copy from the {@link ClusterCache}.
 *
 * <p>The data directory lives inside a {@link EmbeddedDataDirectories work folder} that records the owning JVM, so a
 * server orphaned by a JVM that was killed outright is stopped and removed by the next JVM that starts one. The
 * server's output goes to {@code postgres.log} in the work folder; a start that fails quotes its end.
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
            "log_min_messages", "warning",
            // Old WAL segments are removed, not kept for reuse, so that the cached cluster holds no spare ones (the
            // segments written while the cluster is baked stayed in it as spares, 10 MB that every run copied).
            "wal_recycle", "off");

    /** How long a start waits for PostgreSQL to accept connections (a start takes well under a second). */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /** How long a stop waits for the background work on its databases (a drop takes well under a second). */
    private static final Duration BACKGROUND_WORK_WAIT = Duration.ofSeconds(30);
    /** How long a fast shutdown may take before the postmaster is killed. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Postmaster postmaster;
    private final Path workFolder;
    /** Where the cluster was copied from, to hand its data directory back to when it stops; empty after an initdb. */
    private final Optional<CacheEntry> copiedFrom;

    /** A cluster cache entry: the cache and the key. */
    private record CacheEntry(ClusterCache cache, String key) {}

    private EmbeddedPostgresServer(Postmaster postmaster, Path workFolder, Optional<CacheEntry> copiedFrom) {
        this.postmaster = postmaster;
        this.workFolder = workFolder;
        this.copiedFrom = copiedFrom;
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
        UnpackedBinaries binaries = UnpackedBinaries.forThisMachine();
        EmbeddedDataDirectories.reapOrphans();
        Path workFolder = EmbeddedDataDirectories.create(workParent);
        Path dataDirectory = workFolder.resolve("data");
        try {
            Path home = binaries.home();
            String key = clusterKey(binaries);
            Path log = workFolder.resolve("postgres.log");
            boolean copied = prepareCluster(cache, key, home, dataDirectory, log);
            Postmaster postmaster = Postmaster.start(home, dataDirectory, TEST_SETTINGS, log, STARTUP_WAIT);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(
                    postmaster, workFolder, copied ? Optional.of(new CacheEntry(cache, key)) : Optional.empty());
            if (copied) {
                EmulationTemplates.adopt(server);
            }
            return server;
        } catch (ServerStartException e) {
            EmbeddedDataDirectories.stopPostmaster(dataDirectory);
            EmbeddedDataDirectories.delete(workFolder);
            throw e;
        } catch (IOException | RuntimeException e) {
            EmbeddedDataDirectories.stopPostmaster(dataDirectory);
            EmbeddedDataDirectories.delete(workFolder);
            throw new ServerStartException(
                    "embedded backend: PostgreSQL 18 did not start in %s: %s".formatted(dataDirectory, e.getMessage()),
                    e);
        }
    }

    /** The cache key of this machine's binaries with the test settings and the baked layout. */
    static String clusterKey() {
        return clusterKey(UnpackedBinaries.forThisMachine());
    }

    private static String clusterKey(UnpackedBinaries binaries) {
        String cluster = String.join(
                " ",
                binaries.identity(),
                String.join(" ", Postmaster.INITDB_OPTIONS),
                EmulationTemplates.bakedLayout(),
                "no fsm/vm forks");
        return ClusterCache.key(cluster, TEST_SETTINGS);
    }

    /**
     * Put a cluster into {@code dataDirectory}: a copy of the cached one, or, when the cache cannot be used, a fresh
     * initdb (output to {@code log}).
     *
     * @return whether it is a copy of the cached cluster, whose emulation template and ready database are baked in
     */
    private static boolean prepareCluster(ClusterCache cache, String key, Path home, Path dataDirectory, Path log)
            throws IOException {
        boolean copied = cache.copyInto(key, dataDirectory, cluster -> initialiseCluster(home, cluster));
        if (!copied) {
            Postmaster.initdb(home, dataDirectory, log);
        }
        return copied;
    }

    /**
     * Start a server in {@code dataDirectory} (a copy of the cached cluster, or a fresh initdb) that outlives this JVM:
     * the warm server of the command line's {@code --reuse}. Its output goes to {@code log}, and nothing here stops it
     * ({@link WarmServer} does).
     *
     * @return the running server, whose port and process the caller records
     */
    static Postmaster startDetached(ClusterCache cache, String key, Path dataDirectory, Path log) throws IOException {
        Path home = UnpackedBinaries.forThisMachine().home();
        prepareCluster(cache, key, home, dataDirectory, log);
        return Postmaster.start(home, dataDirectory, TEST_SETTINGS, log, STARTUP_WAIT);
    }

    /**
     * For the {@link ClusterCache}: initdb, start once, {@link EmulationTemplates#bake bake} the emulation's template
     * and a ready project database into the cluster, stop cleanly, keep the data directory. The server's output goes
     * next to the data directory, in the cache's private temporary folder.
     */
    private static void initialiseCluster(Path home, Path dataDirectory) throws IOException {
        Path log = dataDirectory.resolveSibling("postgres.log");
        Postmaster.initdb(home, dataDirectory, log);
        Postmaster postmaster = Postmaster.start(home, dataDirectory, TEST_SETTINGS, log, STARTUP_WAIT);
        try {
            // The work folder given is the cache's temporary folder; this server object is never closed (its close()
            // would delete that folder): the postmaster is stopped below.
            EmulationTemplates.bake(
                    new EmbeddedPostgresServer(postmaster, dataDirectory.getParent(), Optional.empty()));
        } catch (SQLException e) {
            throw new IOException(
                    "cannot install the pg_trickle emulation into the cached cluster: " + e.getMessage(), e);
        } finally {
            postmaster.stop(STOP_WAIT);
        }
        if (postmaster.isRunning()) {
            throw new IOException("the server of the new cached cluster in %s did not stop".formatted(dataDirectory));
        }
        RebuildableForks.remove(dataDirectory);
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL on 127.0.0.1:" + postmaster.port();
    }

    @Override
    public boolean isRunning() {
        return postmaster.isRunning();
    }

    @Override
    public int port() {
        return postmaster.port();
    }

    @Override
    public void close() {
        // The project databases closed classes left for the background to drop are dropped now, while the server runs.
        EmulationTemplates.finish(this, BACKGROUND_WORK_WAIT);
        try {
            if (!isRunning()) {
                LOG.debug("embedded PostgreSQL in {} is no longer running", workFolder); // killed under a run
                return;
            }
            postmaster.stop(STOP_WAIT);
        } finally {
            Path data = workFolder.resolve("data");
            // Never delete the folder under a live postmaster: if the fast shutdown did not stop it, stop it here.
            EmbeddedDataDirectories.stopPostmaster(data);
            // Only a clean shutdown (it removes postmaster.pid) leaves files fit to become the next run's cluster.
            boolean clean = !postmaster.isRunning() && !Files.exists(data.resolve("postmaster.pid"));
            if (clean && copiedFrom.isPresent()) {
                copiedFrom.get().cache().recycle(copiedFrom.get().key(), data);
            }
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
