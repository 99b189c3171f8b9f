package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("cluster cache")
class ClusterCacheTests {

    @TempDir
    Path folder;

    /** Writes a small stand-in for a cluster, counting how often it is asked to. */
    private static final class CountingInitializer implements ClusterCache.Initializer {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void initialise(Path data) throws IOException {
            calls.incrementAndGet();
            Files.createDirectories(data.resolve("global"));
            Files.writeString(data.resolve("PG_VERSION"), "18\n");
            Files.writeString(data.resolve("global/pg_control"), "control");
            Files.writeString(data.resolve("postmaster.pid"), "12345");
            try {
                Thread.sleep(200); // long enough for concurrent callers to meet at the lock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    @Test
    @DisplayName("starts servers from one cached cluster (also as root), each on its own copy under java.io.tmpdir")
    void startsFromCopies() throws Exception {
        ClusterCache cache = new ClusterCache(folder.resolve("cache"));
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(cache);
                EmbeddedPostgresServer second = EmbeddedPostgresServer.start(cache)) {
            execute(first, "CREATE TABLE only_in_first (id int)");

            assertThat(query(second, "SELECT to_regclass('only_in_first') IS NULL"))
                    .isEqualTo("t");
            assertThat(query(first, "SHOW fsync")).isEqualTo("off");
            assertThat(first.workFolder()).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(first.workFolder()).isNotEqualTo(second.workFolder());
        }
        Path clusters = folder.resolve("cache/clusters");
        try (Stream<Path> entries = Files.list(clusters)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .filteredOn(name -> !name.endsWith(".lock") && !name.contains(".ready-"))
                    .singleElement()
                    .satisfies(name -> assertThat(name).startsWith("pg-"));
        }
    }

    @Test
    @DisplayName("a damaged or half-written cache is detected and created again, never used")
    void damagedCacheIsRebuilt() throws Exception {
        ClusterCache cache = new ClusterCache(folder, 0);
        CountingInitializer initializer = new CountingInitializer();
        assertThat(cache.copyInto("pg-test", folder.resolve("run1"), initializer))
                .isTrue();
        assertThat(files(folder.resolve("run1"))).containsExactly("PG_VERSION", "global/pg_control");

        Files.writeString(folder.resolve("clusters/pg-test/data/global/pg_control"), "cut");
        assertThat(cache.copyInto("pg-test", folder.resolve("run2"), initializer))
                .isTrue();
        assertThat(initializer.calls).hasValue(2);
        assertThat(Files.readString(folder.resolve("run2/global/pg_control"))).isEqualTo("control");

        // a creator that died half-way: a temporary folder, and an entry without its manifest
        Files.createDirectories(folder.resolve("clusters/pg-test.tmp-123/data"));
        Files.delete(folder.resolve("clusters/pg-test/cluster.properties"));
        assertThat(cache.copyInto("pg-test", folder.resolve("run3"), initializer))
                .isTrue();
        assertThat(initializer.calls).hasValue(3);
        assertThat(folder.resolve("clusters/pg-test.tmp-123")).doesNotExist();
        assertThat(files(folder.resolve("run3"))).containsExactly("PG_VERSION", "global/pg_control");
    }

    @Test
    @DisplayName(
            "a stopped run's data directory, restored in place, is the next run's ready copy; a damaged one is never"
                    + " used, and one more than wanted is not kept")
    void readyCopiesAreRecycledRuns() throws Exception {
        ClusterCache cache = new ClusterCache(folder, 1);
        CountingInitializer initializer = new CountingInitializer();
        Files.createDirectories(folder.resolve("work"));
        Path run1 = folder.resolve("work/run1");
        assertThat(cache.copyInto("pg-test", run1, initializer)).isTrue();
        assertThat(siblings("pg-test.ready-")).isEmpty(); // none is made in the background any more

        // what a server does to its cluster: files changed (the same size too), added, removed, a folder added
        Files.writeString(run1.resolve("global/pg_control"), "CONTROL");
        Files.writeString(run1.resolve("global/pg_internal.init"), "new");
        Files.delete(run1.resolve("PG_VERSION"));
        Files.createDirectories(run1.resolve("base/16999"));
        Files.writeString(run1.resolve("base/16999/1259"), "table");
        assertThat(cache.recycle("pg-test", run1)).isTrue();

        assertThat(run1).doesNotExist();
        List<Path> ready = siblings("pg-test.ready-");
        assertThat(ready).singleElement().satisfies(copy -> {
            assertThat(files(copy)).containsExactly("PG_VERSION", "global/pg_control");
            assertThat(Files.readString(copy.resolve("global/pg_control"))).isEqualTo("control");
            assertThat(Files.readString(copy.resolve("PG_VERSION"))).isEqualTo("18\n");
            assertThat(copy.resolve("base")).doesNotExist();
        });

        Path run2 = folder.resolve("work/run2");
        assertThat(cache.copyInto("pg-test", run2, initializer)).isTrue();
        assertThat(ready.get(0)).doesNotExist(); // taken: renamed into run2
        assertThat(files(run2)).containsExactly("PG_VERSION", "global/pg_control");

        // one ready copy is wanted: a second run ending while one waits is not kept (the caller deletes it)
        Path run3 = folder.resolve("work/run3");
        assertThat(cache.copyInto("pg-test", run3, initializer)).isTrue();
        assertThat(cache.recycle("pg-test", run2)).isTrue();
        assertThat(cache.recycle("pg-test", run3)).isFalse();
        assertThat(siblings("pg-test.ready-")).hasSize(1);

        // a ready copy that lost a file is deleted, not used
        Files.delete(siblings("pg-test.ready-").get(0).resolve("PG_VERSION"));
        Path run4 = folder.resolve("work/run4");
        assertThat(cache.copyInto("pg-test", run4, initializer)).isTrue();
        assertThat(files(run4)).containsExactly("PG_VERSION", "global/pg_control");
        assertThat(siblings("pg-test.ready-")).isEmpty();
        assertThat(initializer.calls).hasValue(1);
    }

    @Test
    @DisplayName("a real server's data directory comes back byte for byte as the cached cluster, and serves the next"
            + " server without what the first one made")
    void recycledClusterIsTheCachedOne() throws Exception {
        ClusterCache cache = new ClusterCache(folder.resolve("cache"));
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(cache)) {
            execute(first, "CREATE TABLE made_by_first AS SELECT g FROM generate_series(1, 10000) g");
            execute(first, "CREATE DATABASE made_by_first");
            execute(first, "CHECKPOINT");
        }
        Path clusters = folder.resolve("cache/clusters");
        Path entry;
        Path ready;
        try (Stream<Path> entries = Files.list(clusters)) {
            List<Path> all = entries.filter(p -> !p.getFileName().toString().endsWith(".lock"))
                    .sorted()
                    .toList();
            assertThat(all).hasSize(2);
            entry = all.get(0).resolve("data");
            ready = all.get(1);
            assertThat(ready.getFileName().toString()).contains(".ready-");
        }
        assertThat(files(ready)).isEqualTo(files(entry));
        for (String file : files(entry)) {
            assertThat(Files.mismatch(entry.resolve(file), ready.resolve(file)))
                    .as(file)
                    .isEqualTo(-1L);
        }

        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(cache)) {
            assertThat(ready).doesNotExist(); // the second server runs on it
            assertThat(query(second, "SELECT to_regclass('made_by_first') IS NULL"))
                    .isEqualTo("t");
            assertThat(query(second, "SELECT count(*) FROM pg_database WHERE datname = 'made_by_first'"))
                    .isEqualTo("0");
        }
    }

    private List<Path> siblings(String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(folder.resolve("clusters"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    @Test
    @DisplayName("callers creating the cache at the same moment wait for one creator and all get a full copy")
    void concurrentCreation() throws Exception {
        ClusterCache cache = new ClusterCache(folder, 0);
        CountingInitializer initializer = new CountingInitializer();
        int callers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Path target = folder.resolve("run" + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.copyInto("pg-test", target, initializer);
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(initializer.calls).hasValue(1);
        for (int i = 0; i < callers; i++) {
            assertThat(files(folder.resolve("run" + i))).containsExactly("PG_VERSION", "global/pg_control");
        }
    }

    @Test
    @DisplayName("creating an entry removes those other binaries or settings left: unused for a day, or beyond the four"
            + " most recently used, never one used in the last minutes")
    void prunesOtherEntries() throws Exception {
        ClusterCache cache = new ClusterCache(folder, 0);
        CountingInitializer initializer = new CountingInitializer();
        Map<String, Duration> lastUsed = new LinkedHashMap<>();
        lastUsed.put("pg-busy", Duration.ofMinutes(1));
        lastUsed.put("pg-hour1", Duration.ofHours(1));
        lastUsed.put("pg-hour2", Duration.ofHours(2));
        lastUsed.put("pg-hour3", Duration.ofHours(3));
        lastUsed.put("pg-stale", Duration.ofDays(2));
        int run = 0;
        for (String key : lastUsed.keySet()) {
            assertThat(cache.copyInto(key, folder.resolve("run" + run++), initializer))
                    .isTrue();
        }
        Path clusters = folder.resolve("clusters");
        Files.createDirectories(clusters.resolve("pg-stale.ready-1/base"));
        Instant now = Instant.now();
        for (Map.Entry<String, Duration> entry : lastUsed.entrySet()) {
            Files.setLastModifiedTime(clusters.resolve(entry.getKey()), FileTime.from(now.minus(entry.getValue())));
        }

        assertThat(cache.copyInto("pg-new", folder.resolve("run" + run), initializer))
                .isTrue();

        try (Stream<Path> entries = Files.list(clusters)) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(name -> !name.endsWith(".lock")))
                    .containsExactlyInAnyOrder("pg-new", "pg-busy", "pg-hour1", "pg-hour2");
        }
        // the next use of an entry that was kept counts as use, and creates nothing
        assertThat(cache.copyInto("pg-hour2", folder.resolve("again"), initializer))
                .isTrue();
        assertThat(Files.getLastModifiedTime(clusters.resolve("pg-hour2")).toInstant())
                .isAfter(now.minus(Duration.ofMinutes(1)));
        assertThat(initializer.calls).hasValue(lastUsed.size() + 1);
    }

    @Test
    @DisplayName("creating an entry removes the lock files of keys with nothing left in the cache and older than a day,"
            + " never one whose lock another process holds, whose entry or ready copy is there, or that is younger")
    void prunesStaleLockFiles() throws Exception {
        ClusterCache cache = new ClusterCache(folder, 0);
        CountingInitializer initializer = new CountingInitializer();
        assertThat(cache.copyInto("pg-pruned", folder.resolve("run0"), initializer))
                .isTrue();
        assertThat(cache.copyInto("pg-kept", folder.resolve("run1"), initializer))
                .isTrue();
        Path clusters = folder.resolve("clusters");
        Instant now = Instant.now();
        FileTime twoDaysAgo = FileTime.from(now.minus(Duration.ofDays(2)));
        // pg-pruned: its entry goes in this pruning (unused for two days), and its lock file with it
        Files.setLastModifiedTime(clusters.resolve("pg-pruned"), twoDaysAgo);
        for (String name : List.of("pg-gone", "pg-held", "pg-ready")) {
            Files.createFile(clusters.resolve(name + ".lock"));
        }
        Files.createFile(clusters.resolve("pg-young.lock"));
        Files.createDirectories(clusters.resolve("pg-ready.ready-1/base"));
        for (String name : List.of("pg-pruned", "pg-kept", "pg-gone", "pg-held", "pg-ready")) {
            Files.setLastModifiedTime(clusters.resolve(name + ".lock"), twoDaysAgo);
        }
        Files.setLastModifiedTime(clusters.resolve("pg-young.lock"), FileTime.from(now.minus(Duration.ofHours(23))));

        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolderMain.class.getName(),
                        clusters.resolve("pg-held.lock").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                            .readLine())
                    .isEqualTo("LOCKED");

            assertThat(cache.copyInto("pg-new", folder.resolve("run2"), initializer))
                    .isTrue();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(1, TimeUnit.MINUTES);
        }

        try (Stream<Path> entries = Files.list(clusters)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "pg-new",
                            "pg-new.lock",
                            "pg-kept",
                            "pg-kept.lock",
                            "pg-held.lock",
                            "pg-ready.lock",
                            "pg-ready.ready-1",
                            "pg-young.lock");
        }
        // a lock file pruned away is created again by the next run that needs the key
        assertThat(cache.copyInto("pg-gone", folder.resolve("run3"), initializer))
                .isTrue();
        assertThat(clusters.resolve("pg-gone.lock")).exists();
    }

    @Test
    @DisplayName("a cache folder that cannot be created (below a regular file, as even root cannot): the server runs"
            + " initdb, with one warning naming the folder")
    void unwritableCacheFolder() throws Exception {
        Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
        Path root = file.resolve("cache");

        assertThat(startWithOneWarning(root)).contains("running initdb instead");
    }

    @Test
    @DisplayName("a full cache folder (a 1 MB tmpfs): the server runs initdb, with one warning, and the cache folder"
            + " keeps nothing but the lock file")
    void fullCacheFolder() throws Exception {
        Path mount = folder.resolve("full");
        onTinyTmpfs(mount, () -> {
            assertThat(startWithOneWarning(mount)).containsPattern("; \\d+ MB free there");
            assertThat(files(mount)).allSatisfy(name -> assertThat(name).endsWith(".lock"));
        });
    }

    /** Run {@code action} with a 1 MB tmpfs mounted on {@code mount} (skipped where mounting is not allowed). */
    private static void onTinyTmpfs(Path mount, ThrowingRunnable action) throws Exception {
        Files.createDirectories(mount);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(
                mounting.waitFor() == 0, "mounting a 1 MB tmpfs needs root with CAP_SYS_ADMIN; not possible here");
        try {
            action.run();
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    @DisplayName("a full disk while copying the cluster into the run's work folder (a 1 MB tmpfs as java.io.tmpdir):"
            + " a clear error naming the folder and the free space, and no folder left behind")
    void fullTemporaryFolder() throws Exception {
        ClusterCache cache = new ClusterCache(folder.resolve("cache"), 0); // no ready copy: every start copies
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(cache)) {
            assertThat(query(server, "SELECT 1")).isEqualTo("1"); // the cache entry exists before the disk is full
        }
        Path mount = folder.resolve("full-tmp");
        onTinyTmpfs(mount, () -> {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(cache, mount))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("embedded backend: cannot copy the cached PostgreSQL cluster (")
                    .hasMessageContaining(" MB) into " + mount.resolve(EmbeddedDataDirectories.PREFIX))
                    .hasMessageContaining("No space left on device")
                    .hasMessageMatching("(?s).*; \\d+ MB free there; free some space there or point java.io.tmpdir"
                            + " at a folder with room.*");
            try (Stream<Path> left = Files.list(mount)) {
                assertThat(left).isEmpty();
            }
        });
    }

    /** Start a server with the cache in {@code root}, check that it works, and return the one warning logged. */
    private static String startWithOneWarning(Path root) throws Exception {
        String logged = stderrOf(() -> {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(new ClusterCache(root))) {
                assertThat(query(server, "SELECT 1")).isEqualTo("1");
            }
        });
        List<String> warnings =
                logged.lines().filter(line -> line.contains(" WARN ")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("cannot use the PostgreSQL cluster cache in " + root);
        // The warning may quote PostgreSQL's output on the lines after it.
        return logged.substring(logged.indexOf(warnings.get(0)));
    }

    /** What the harness logs (slf4j-simple writes to System.err, looked up at every line) while {@code action} runs. */
    private static String stderrOf(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
            original.print(captured.toString(StandardCharsets.UTF_8));
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** An action that may throw anything. */
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @DisplayName("the key changes with the binaries and with the settings")
    void keys() {
        String key = ClusterCache.key("postgres-18.3.txz 100", Map.of("fsync", "off"));
        assertThat(key).startsWith("pg-").isEqualTo(ClusterCache.key("postgres-18.3.txz 100", Map.of("fsync", "off")));
        assertThat(ClusterCache.key("postgres-18.4.txz 100", Map.of("fsync", "off")))
                .isNotEqualTo(key);
        assertThat(ClusterCache.key("postgres-18.3.txz 100", Map.of("fsync", "on")))
                .isNotEqualTo(key);
    }

    private static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
