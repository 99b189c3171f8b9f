package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults a CI job meets, each done for real to the command line running as its own process: the server killed, the
 * command line interrupted or killed, a temporary folder that cannot be written. Whatever happens, the run says what
 * went wrong, exits with the documented code, and leaves no server or folder behind (or the next run removes them).
 */
@DisplayName("the command line survives faults and leaves nothing behind")
class FaultToleranceTests {

    private static final Path EXAMPLE = ExampleCopies.locate("examples/projects/order_totals");
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration END = Duration.ofMinutes(2);
    private static final String SLEEP = "pg_sleep(300)";

    @TempDir
    Path temp;

    /** A build of a copy of the example whose setup script sleeps: it stays in the middle of its build until stopped. */
    private CliProcess startSlowBuild(Path tmpDir, String name) throws IOException {
        return startBuild(tmpDir, name, "select " + SLEEP + ";\n");
    }

    /** A normal build of a fresh copy of the example, as the next CI job would run it. */
    private CliProcess startBuild(Path tmpDir, String name) throws IOException {
        return startBuild(tmpDir, name, null);
    }

    private CliProcess startBuild(Path tmpDir, String name, String setupScript) throws IOException {
        Path project = ExampleCopies.copy(EXAMPLE, Files.createDirectories(temp.resolve(name)));
        List<String> args = new ArrayList<>(List.of("build", "--project", project.toString(), "--backend", "embedded"));
        if (setupScript != null) {
            Files.writeString(project.resolve("setup.sql"), setupScript);
            args.addAll(List.of("--setup-script", "setup.sql"));
        }
        return CliProcess.start(tmpDir, temp, temp.resolve(name + ".txt"), args.toArray(String[]::new));
    }

    private static void assertGone(long postmasterPid, Path workFolder) {
        // The wait covers the init process reaping an exited postmaster (until then its id still reads as alive).
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(CliProcess.alive(postmasterPid))
                            .as("postmaster %d", postmasterPid)
                            .isFalse();
                    assertThat(workFolder).doesNotExist();
                });
    }

    @Test
    @DisplayName("the postmaster killed with SIGKILL mid-run: an error naming the backend, exit 2, folder removed,"
            + " the next run works")
    void postmasterKilled() throws Exception {
        Path tmpDir = Files.createDirectories(temp.resolve("tmp"));
        CliProcess run = startSlowBuild(tmpDir, "killed-server");
        Path workFolder = run.awaitStatement(SLEEP, START);
        long postmaster = CliProcess.postmasterPid(workFolder);

        CliProcess.signal(postmaster, "KILL");
        int exitCode = run.waitForExit(END);

        String printed = run.printed();
        assertThat(exitCode).as(printed).isEqualTo(Main.USAGE_ERROR);
        assertThat(printed)
                .containsPattern("ERROR dbt project order_totals: the embedded backend's server \\(embedded PostgreSQL"
                        + " on 127\\.0\\.0\\.1:\\d+\\) stopped during the run");
        assertThat(printed.lines().toList()).as(printed).last().asString().matches("0 passed, 1 failed, \\d+ skipped");
        assertGone(postmaster, workFolder);

        CliProcess next = startBuild(tmpDir, "after-killed-server");
        assertThat(next.waitForExit(START)).as(next.printed()).isZero();
        assertThat(next.printed().lines().toList()).last().isEqualTo("8 passed, 0 failed, 0 skipped");
        assertThat(next.workFolders()).isEmpty();
    }

    @ParameterizedTest(name = "SIG{0} mid-run: exit {1}")
    @CsvSource({"TERM, 143", "INT, 130"})
    @DisplayName("SIGTERM or SIGINT (Ctrl-C) mid-run: exit 128+signal, server stopped, folder removed")
    void interruptedMidRun(String signal, int expectedExit) throws Exception {
        Path tmpDir = Files.createDirectories(temp.resolve("tmp"));
        CliProcess run = startSlowBuild(tmpDir, "interrupted");
        Path workFolder = run.awaitStatement(SLEEP, START);
        long postmaster = CliProcess.postmasterPid(workFolder);

        CliProcess.signal(run.pid(), signal);

        assertThat(run.waitForExit(END)).as(run.printed()).isEqualTo(expectedExit);
        assertGone(postmaster, workFolder);
        assertThat(run.workFolders()).isEmpty();
    }

    @Test
    @DisplayName("SIGTERM while the server starts: exit 143, the server that was starting stopped, folder removed")
    void interruptedDuringServerStart() throws Exception {
        Path tmpDir = Files.createDirectories(temp.resolve("tmp"));
        CliProcess run = startSlowBuild(tmpDir, "interrupted-at-start");
        long deadline = System.nanoTime() + START.toNanos();
        while (run.workFolders().isEmpty() && run.process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(run.workFolders()).as(run.printed()).isNotEmpty();

        CliProcess.signal(run.pid(), "TERM");

        assertThat(run.waitForExit(END)).as(run.printed()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(run.workFolders()).isEmpty());
        assertThat(ProcessHandle.allProcesses()
                        .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).stream()
                                .anyMatch(argument -> argument.startsWith(tmpDir.toString())))
                        .filter(ProcessHandle::isAlive)
                        .toList())
                .as("postmasters with a data directory in %s", tmpDir)
                .isEmpty();
    }

    @Test
    @DisplayName("the command line's JVM killed with SIGKILL: its server outlives it, and the next run reaps both")
    void jvmKilled() throws Exception {
        Path tmpDir = Files.createDirectories(temp.resolve("tmp"));
        CliProcess run = startSlowBuild(tmpDir, "killed-jvm");
        Path workFolder = run.awaitStatement(SLEEP, START);
        long postmaster = CliProcess.postmasterPid(workFolder);

        CliProcess.signal(run.pid(), "KILL");
        run.waitForExit(END);
        // No shutdown hook ran: the orphan is there for the next run to find.
        assertThat(CliProcess.alive(postmaster)).isTrue();
        assertThat(workFolder).isDirectory();

        CliProcess next = startBuild(tmpDir, "after-killed-jvm");
        assertThat(next.waitForExit(START)).as(next.printed()).isZero();
        assertGone(postmaster, workFolder);
        assertThat(next.workFolders()).isEmpty();
    }

    @Test
    @DisplayName("a project error while the server starts early: reported before anything is built, exit 2, the"
            + " early server stopped and its folder removed")
    void projectErrorStopsTheEarlyServer() throws Exception {
        Path project = ExampleCopies.copy(EXAMPLE, Files.createDirectories(temp.resolve("broken")));
        Files.writeString(project.resolve("models/broken.sql"), "select * from {{ ref('no_such_model') }}\n");
        Path tmpDir = Files.createDirectories(temp.resolve("broken-tmp"));
        CliProcess run = CliProcess.start(
                tmpDir,
                temp,
                temp.resolve("broken.txt"),
                "build",
                "--project",
                project.toString(),
                "--backend",
                "embedded");

        int exitCode = run.waitForExit(START);

        String printed = run.printed();
        assertThat(exitCode).as(printed).isEqualTo(2);
        assertThat(printed).contains("ERROR dbt project", "no_such_model").doesNotContain("OK    seed");
        assertThat(run.workFolders()).isEmpty();
        assertThat(CliProcess.processesUsing(tmpDir))
                .as("no server of the run still running")
                .isEmpty();
    }

    @Test
    @DisplayName("a temporary folder that cannot be written: a clear error naming it and java.io.tmpdir, no server")
    void unwritableTemporaryFolder() throws Exception {
        // A folder below a regular file can be created by nobody, root included (CI runs as root, where a chmod'ed
        // folder would still be written). A full disk is not simulated: no unprivileged way to fill one here.
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");
        Path tmpDir = file.resolve("tmp");
        CliProcess run = startBuild(tmpDir, "unwritable");

        int exitCode = run.waitForExit(START);

        String printed = run.printed();
        assertThat(exitCode).as(printed).isNotZero();
        assertThat(printed).contains("cannot create a work folder in " + tmpDir + " (java.io.tmpdir)");
        assertThat(printed.lines().toList()).last().asString().matches("0 passed, 1 failed, \\d+ skipped");
    }
}
