package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
        } finally {
            ClusterCache.awaitReadyCopies(Duration.ofMinutes(1));
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
            "a run takes the copy the run before made ready and makes the next; a damaged or dead one is never used")
    void readyCopies() throws Exception {
        ClusterCache cache = new ClusterCache(folder, 1);
        CountingInitializer initializer = new CountingInitializer();
        Files.createDirectories(folder.resolve("work"));
        assertThat(cache.copyInto("pg-test", folder.resolve("work/run1"), initializer))
                .isTrue();
        ClusterCache.awaitReadyCopies(Duration.ofMinutes(1));
        List<Path> ready = siblings("pg-test.ready-");
        assertThat(ready).hasSize(1);
        assertThat(files(ready.get(0))).containsExactly("PG_VERSION", "global/pg_control");

        assertThat(cache.copyInto("pg-test", folder.resolve("work/run2"), initializer))
                .isTrue();
        assertThat(ready.get(0)).doesNotExist(); // taken: renamed into run2
        assertThat(files(folder.resolve("work/run2"))).containsExactly("PG_VERSION", "global/pg_control");
        ClusterCache.awaitReadyCopies(Duration.ofMinutes(1));
        List<Path> next = siblings("pg-test.ready-");
        assertThat(next).hasSize(1).doesNotContain(ready.get(0));

        // a ready copy that lost a file, and the half-made copy of a process that no longer runs
        Files.delete(next.get(0).resolve("PG_VERSION"));
        Path dead = Files.createDirectories(folder.resolve("clusters/pg-test.filling-" + Long.MAX_VALUE + "-1/base"));
        assertThat(cache.copyInto("pg-test", folder.resolve("work/run3"), initializer))
                .isTrue();
        ClusterCache.awaitReadyCopies(Duration.ofMinutes(1));
        assertThat(files(folder.resolve("work/run3"))).containsExactly("PG_VERSION", "global/pg_control");
        assertThat(dead.getParent()).doesNotExist();
        assertThat(siblings("pg-test.ready-")).singleElement().satisfies(copy -> assertThat(files(copy))
                .containsExactly("PG_VERSION", "global/pg_control"));
        assertThat(siblings("pg-test.filling-")).isEmpty();
        assertThat(initializer.calls).hasValue(1);
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
