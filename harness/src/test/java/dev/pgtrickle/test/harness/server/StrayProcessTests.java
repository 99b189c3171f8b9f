package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("no stray embedded server survives its JVM")
class StrayProcessTests {

    @Test
    @DisplayName("a server whose JVM was killed with SIGKILL is stopped and its folder deleted by the next start")
    void nextStartReapsTheOrphanOfAKilledJvm() throws Exception {
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        javaLauncher.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                        OrphanedServerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, String> report;
        try {
            report = CompletableFuture.supplyAsync(() -> readReport(child)).get(3, TimeUnit.MINUTES);
        } finally {
            // SIGKILL: the child's shutdown hooks do not run, exactly the case the reaper exists for.
            child.destroyForcibly();
            child.waitFor(1, TimeUnit.MINUTES);
        }
        Path workFolder = Path.of(report.get("WORK_FOLDER"));
        long postmasterPid = Long.parseLong(report.get("POSTMASTER_PID"));
        assertThat(child.isAlive()).isFalse();
        assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive))
                .as("the postmaster outlives its killed JVM")
                .contains(true);

        EmbeddedPostgresServer next = EmbeddedPostgresServer.start();
        next.close();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive))
                            .isNotEqualTo(Optional.of(true));
                    assertThat(workFolder).doesNotExist();
                });
        assertThat(next.workFolderExists()).isFalse();
    }

    private static Map<String, String> readReport(Process child) {
        Map<String, String> values = new HashMap<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.equals("READY")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!values.keySet().containsAll(List.of("WORK_FOLDER", "POSTMASTER_PID"))) {
            throw new IllegalStateException("child JVM ended before reporting its server: " + values);
        }
        return values;
    }

    @Test
    @DisplayName("a JVM that exits normally stops its shared server and deletes its folder in the shutdown hook")
    void normalExitStopsTheServer() throws Exception {
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        javaLauncher.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                        OrphanedServerMain.class.getName(),
                        "exit")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, String> report;
        try {
            report = CompletableFuture.supplyAsync(() -> readReport(child)).get(3, TimeUnit.MINUTES);
            child.getOutputStream().write('\n');
            child.getOutputStream().flush();
            assertThat(child.waitFor(2, TimeUnit.MINUTES))
                    .as("the child JVM exits")
                    .isTrue();
        } finally {
            child.destroyForcibly();
        }
        Path workFolder = Path.of(report.get("WORK_FOLDER"));
        long postmasterPid = Long.parseLong(report.get("POSTMASTER_PID"));

        // The hook has stopped the server before the JVM ended; the short wait only covers the init process reaping
        // the exited postmaster (until then the kernel still reports its process id as alive).
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive))
                        .as("the postmaster of a JVM that exited normally")
                        .isNotEqualTo(Optional.of(true)));
        assertThat(workFolder).doesNotExist();
    }

    @Test
    @DisplayName("a stopped server leaves no folder behind")
    void stopDeletesTheWorkFolder() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        Path folder = server.workFolder();
        assertThat(folder).isDirectory();

        server.close();

        assertThat(Files.exists(folder)).isFalse();
    }
}
