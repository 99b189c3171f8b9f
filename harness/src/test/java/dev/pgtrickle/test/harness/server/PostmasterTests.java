package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the embedded backend's own launcher (no pg_ctl)")
class PostmasterTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Path home;

    @TempDir
    Path folder;

    @BeforeAll
    static void binaries() throws IOException {
        home = UnpackedBinaries.forThisMachine().home();
    }

    @Test
    @DisplayName("initdb, start, serve, and a fast shutdown that ends the process and removes postmaster.pid;"
            + " as root too (the binaries run in a user namespace)")
    void startsServesAndStops() throws Exception {
        Path data = folder.resolve("data");
        Path log = folder.resolve("postgres.log");
        Postmaster.initdb(home, data, log);
        Postmaster postmaster = Postmaster.start(home, data, Map.of("fsync", "off"), log, WAIT);
        try {
            assertThat(query(postmaster.port(), "SELECT current_setting('fsync') || ' ' || current_user"))
                    .isEqualTo("off postgres");
            assertThat(Files.readAllLines(data.resolve("postmaster.pid")).get(0))
                    .isEqualTo(Long.toString(postmaster.pid()));
            // initdb's 1 MB WAL segments (INITDB_OPTIONS), which keep the cached cluster small
            assertThat(query(postmaster.port(), "SELECT current_setting('wal_segment_size')"))
                    .isEqualTo("1MB");
        } finally {
            postmaster.stop(WAIT);
        }
        assertThat(postmaster.isRunning()).isFalse();
        assertThat(data.resolve("postmaster.pid")).doesNotExist(); // a clean shutdown removes it
        assertThat(Files.readString(log)).contains("received fast shutdown request");
    }

    @Test
    @DisplayName("a setting PostgreSQL rejects: the start fails quoting PostgreSQL's own words, and no process stays")
    void rejectedSettingQuotesPostgres() throws Exception {
        Path data = folder.resolve("data");
        Path log = folder.resolve("postgres.log");
        Postmaster.initdb(home, data, log);

        assertThatThrownBy(() -> Postmaster.start(home, data, Map.of("shared_buffers", "plenty"), log, WAIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("PostgreSQL exited with 1 while starting in " + data)
                .hasMessageContaining("invalid value for parameter \"shared_buffers\": \"plenty\"");
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @DisplayName("initdb into a folder that is not empty fails quoting initdb")
    void initdbFailureQuotesInitdb() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.writeString(data.resolve("something"), "x");

        assertThatThrownBy(() -> Postmaster.initdb(home, data, folder.resolve("initdb.log")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("initdb exited with 1 in " + data)
                .hasMessageContaining("exists but is not empty");
    }

    @Test
    @DisplayName("readiness is the pid file's status line of this very process, never a short or foreign file")
    void readinessFromThePidFile() throws IOException {
        Path pidFile = folder.resolve("postmaster.pid");
        assertThat(Postmaster.isReady(pidFile, "42")).isFalse(); // not written yet

        Files.write(pidFile, List.of("42", "/data", "1700000000", "5432")); // written in pieces while starting
        assertThat(Postmaster.isReady(pidFile, "42")).isFalse();

        Files.write(pidFile, pidFile("42", "starting"));
        assertThat(Postmaster.isReady(pidFile, "42")).isFalse();

        Files.write(pidFile, pidFile("41", "ready   ")); // a stale file of another server
        assertThat(Postmaster.isReady(pidFile, "42")).isFalse();

        Files.write(pidFile, pidFile("42", "ready   "));
        assertThat(Postmaster.isReady(pidFile, "42")).isTrue();
    }

    private static List<String> pidFile(String pid, String status) {
        return List.of(pid, "/data", "1700000000", "5432", "/tmp", "127.0.0.1", "  1234  5678", status);
    }

    private static String query(int port, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:%d/postgres".formatted(port), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
