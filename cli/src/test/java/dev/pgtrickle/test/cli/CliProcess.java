package dev.pgtrickle.test.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command line as a real process (its own JVM, its own embedded server, signals delivered by {@code kill}), with a
 * temporary folder of its own ({@code java.io.tmpdir}), so that a test can find the embedded server's work folder and
 * postmaster and check that nothing is left behind. The embedded backend names its work folders
 * {@code pgtrickle-test-embedded-*} and records the owning JVM in {@code owner.pid}; the postmaster's process id and
 * port are the first and fourth lines of {@code data/postmaster.pid}.
 */
final class CliProcess {

    static final String WORK_FOLDER_PREFIX = "pgtrickle-test-embedded-";

    final Process process;
    final Path output;
    final Path tmpDir;

    private CliProcess(Process process, Path output, Path tmpDir) {
        this.process = process;
        this.output = output;
        this.tmpDir = tmpDir;
    }

    /** Start {@code pgtrickle-test args...} in {@code workingDir}, stdout and stderr together into {@code output}. */
    static CliProcess start(Path tmpDir, Path workingDir, Path output, String... args) throws IOException {
        return start(List.of(), tmpDir, workingDir, output, args);
    }

    /** As {@link #start(Path, Path, Path, String...)}, with more JVM options (system properties). */
    static CliProcess start(List<String> jvmOptions, Path tmpDir, Path workingDir, Path output, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + tmpDir));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new CliProcess(process, output, tmpDir);
    }

    long pid() {
        return process.pid();
    }

    String printed() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Wait for the process to end; kill it (and fail) if it does not within {@code timeout}. */
    int waitForExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the command line did not end within " + timeout + ":\n" + printed());
        }
        return process.exitValue();
    }

    /** Send a signal ({@code TERM}, {@code INT}, {@code KILL}) to a process, as {@code kill} does. */
    static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid + " failed");
        }
    }

    /** The work folders of embedded servers in this process's temporary folder (any owner). */
    List<Path> workFolders() throws IOException {
        return workFolders(tmpDir);
    }

    /** The work folders of embedded servers in a temporary folder (any owner). */
    static List<Path> workFolders(Path tmpDir) throws IOException {
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmpDir, WORK_FOLDER_PREFIX + "*")) {
            entries.forEach(folders::add);
        }
        return folders;
    }

    /** This process's server: its work folder, once the postmaster has written its pid file. */
    Optional<Path> workFolder() throws IOException {
        for (Path folder : workFolders()) {
            Path owner = folder.resolve("owner.pid");
            if (Files.isRegularFile(owner)
                    && Files.readString(owner).trim().equals(Long.toString(pid()))
                    && postmasterFile(folder).size() >= 4) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    static long postmasterPid(Path workFolder) throws IOException {
        return Long.parseLong(postmasterFile(workFolder).get(0).trim());
    }

    /** Processes whose command line names {@code path} (a server whose data directory is below it). */
    static List<ProcessHandle> processesUsing(Path path) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .commandLine()
                        .filter(line -> line.contains(path.toString()))
                        .isPresent())
                .toList();
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Wait until a backend of this process's server runs a statement containing {@code text} (the phase a test wants
     * to interrupt), and return the server's work folder.
     */
    Path awaitStatement(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the command line ended before running '" + text + "':\n" + printed());
            }
            Optional<Path> folder = workFolder();
            if (folder.isPresent() && runs(folder.get(), text)) {
                return folder.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no statement '" + text + "' within " + timeout + ":\n" + printed());
    }

    private static boolean runs(Path workFolder, String text) throws IOException {
        int port = Integer.parseInt(postmasterFile(workFolder).get(3).trim());
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE ? AND pid <> pg_backend_pid()")) {
            query.setString(1, "%" + text + "%");
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        } catch (SQLException e) {
            return false; // still starting
        }
    }

    private static List<String> postmasterFile(Path workFolder) throws IOException {
        Path file = workFolder.resolve("data/postmaster.pid");
        return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    }
}
