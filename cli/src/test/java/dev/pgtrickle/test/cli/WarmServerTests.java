package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --reuse} with real processes: each run is its own JVM, the warm server outlives it, and {@code server stop}
 * leaves nothing running. The per-user cache is a folder of the test's own ({@code pgtrickle.cache.dir}), so the
 * user's warm server is never touched.
 */
@DisplayName("--reuse keeps one warm server between command-line runs")
class WarmServerTests {

    private static final Path EXAMPLE = ExampleCopies.locate("examples/projects/order_totals");
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final Pattern WARM_PID =
            Pattern.compile("warm embedded PostgreSQL on 127\\.0\\.0\\.1:(\\d+), pid (\\d+)");

    @TempDir
    Path temp;

    private Path cache;
    private Path tmpDir;
    private Path project;
    private int runs;

    @BeforeEach
    void setUp() throws Exception {
        cache = Files.createDirectories(temp.resolve("cache"));
        tmpDir = Files.createDirectories(temp.resolve("tmp"));
        project = ExampleCopies.copy(EXAMPLE, Files.createDirectories(temp.resolve("project")));
    }

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        run("server", "stop");
        CliProcess.processesUsing(cache).forEach(ProcessHandle::destroyForcibly);
    }

    /** Run the command line to its end; its exit code and what it printed. */
    private Result run(String... args) throws Exception {
        CliProcess process = CliProcess.start(
                List.of("-Dpgtrickle.cache.dir=" + cache), tmpDir, temp, temp.resolve("run-" + ++runs + ".txt"), args);
        int exitCode = process.waitForExit(RUN);
        return new Result(exitCode, process.printed());
    }

    private record Result(int exitCode, String printed) {

        long warmPid() {
            Matcher matcher = WARM_PID.matcher(printed);
            assertThat(matcher.find()).as(printed).isTrue();
            return Long.parseLong(matcher.group(2));
        }

        int warmPort() {
            Matcher matcher = WARM_PID.matcher(printed);
            assertThat(matcher.find()).as(printed).isTrue();
            return Integer.parseInt(matcher.group(1));
        }
    }

    private Result build() throws Exception {
        Result result = run("build", "--project", project.toString(), "--reuse");
        assertThat(result.exitCode()).as(result.printed()).isZero();
        assertThat(result.printed()).contains("8 passed, 0 failed, 0 skipped");
        return result;
    }

    private static List<String> projectDatabases(int port) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'pgt\\_%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static void assertStopped(long pid) {
        // The wait covers the init process reaping the exited postmaster (until then its id still reads as alive).
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(CliProcess.alive(pid))
                        .as("postmaster %d", pid)
                        .isFalse());
    }

    @Test
    @DisplayName("the second run uses the first run's server (same pid), each in a fresh database it drops;"
            + " server stop ends it and leaves no process and no data directory")
    void reuseThenStop() throws Exception {
        Result first = build();
        long pid = first.warmPid();
        assertThat(CliProcess.alive(pid)).as("the warm server outlives the run").isTrue();
        assertThat(CliProcess.workFolders(tmpDir))
                .as("nothing under java.io.tmpdir")
                .isEmpty();

        Result second = build();

        assertThat(second.warmPid()).isEqualTo(pid);
        assertThat(projectDatabases(second.warmPort()))
                .as("each run drops its database")
                .isEmpty();
        Result status = run("server", "status");
        assertThat(status.printed()).contains("warm server: warm embedded PostgreSQL", "(pid " + pid + ",");

        Result stop = run("server", "stop");

        assertThat(stop.exitCode()).isZero();
        assertThat(stop.printed()).contains("stopped the warm embedded PostgreSQL", "(pid " + pid + ",");
        assertStopped(pid);
        assertThat(cache.resolve("warm/data")).doesNotExist();
        assertThat(cache.resolve("warm/server.properties")).doesNotExist();
        assertThat(CliProcess.processesUsing(cache)).isEmpty();
        assertThat(run("server", "stop").printed()).contains("no warm server was running");
    }

    @Test
    @DisplayName("a warm server that was killed, or left unused past the idle timeout, is replaced or stopped")
    void killedOrIdle() throws Exception {
        long pid = build().warmPid();
        CliProcess.signal(pid, "KILL");
        assertStopped(pid);

        Result next = build();

        assertThat(next.printed()).contains("replacing the warm server: its postmaster no longer runs");
        long replacement = next.warmPid();
        assertThat(replacement).isNotEqualTo(pid);
        Path state = cache.resolve("warm/server.properties");
        Properties properties = new Properties();
        try (var in = Files.newInputStream(state)) {
            properties.load(in);
        }
        assertThat(properties.getProperty("pid")).isEqualTo(Long.toString(replacement));

        // Unused for three hours: the next command of any kind stops it before it does its own work.
        Files.setLastModifiedTime(state, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        Result status = run("server", "status");

        assertThat(status.printed()).contains("no warm server");
        assertStopped(replacement);
        assertThat(CliProcess.processesUsing(cache)).isEmpty();
    }

    @Test
    @DisplayName("--reuse with another backend named is a usage error")
    void reuseNeedsEmbedded() throws Exception {
        Result result = run("build", "--project", project.toString(), "--reuse", "--backend", "external");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.printed())
                .contains("--reuse keeps a warm embedded server; it does not go with --backend external");
        assertThat(cache.resolve("warm")).doesNotExist();
    }
}
