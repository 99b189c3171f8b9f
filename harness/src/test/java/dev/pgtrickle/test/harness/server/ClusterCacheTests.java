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
        }
        Path clusters = folder.resolve("cache/clusters");
        try (Stream<Path> entries = Files.list(clusters)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .filteredOn(name -> !name.endsWith(".lock"))
                    .singleElement()
                    .satisfies(name -> assertThat(name).startsWith("pg-"));
        }
    }

    @Test
    @DisplayName("a damaged or half-written cache is detected and created again, never used")
    void damagedCacheIsRebuilt() throws Exception {
        ClusterCache cache = new ClusterCache(folder);
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
    @DisplayName("callers creating the cache at the same moment wait for one creator and all get a full copy")
    void concurrentCreation() throws Exception {
        ClusterCache cache = new ClusterCache(folder);
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
