package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL server process started straight from the binaries, without {@code pg_ctl}: the embedded backend's
 * launcher.
 *
 * <p>Why not zonky's launcher or {@code pg_ctl}: {@code pg_ctl -w} looks for the server's readiness and exit ten times
 * a second, zonky then connects once more to check, and as root it first starts three helper processes to probe the
 * system; together about a third of a second of every command-line run. Here the postmaster is this JVM's own child,
 * its readiness is read from {@code postmaster.pid} (the status PostgreSQL writes there when it accepts connections,
 * which is what {@code pg_ctl} reads too) every few milliseconds, and its exit is the child's exit.
 *
 * <p>PostgreSQL refuses to run as root. Running as root on Linux (as CI containers often do), the binaries run in a
 * user namespace of their own ({@code unshare -U}, util-linux), where the process is not root; files it creates
 * belong to root outside. zonky does the same.
 */
final class Postmaster {

    /** How often a start looks at {@code postmaster.pid}; a start takes 50-300 ms. */
    private static final long POLL_MILLIS = 3;
    /** How many free ports a start tries when another process takes the chosen one first. */
    private static final int PORT_ATTEMPTS = 3;
    /** How many of its last output lines a failure to start quotes. */
    private static final int OUTPUT_LINES = 20;
    /** The superuser of clusters made here (the name zonky's clusters used, which tests and users know). */
    static final String SUPERUSER = "postgres";
    /**
     * How {@code initdb} makes a cluster: trust authentication, UTF-8, and 1 MB WAL segments instead of 16 MB. A fresh
     * cluster holds one or two WAL segments, so the small size halves the bytes every run copies from the cluster
     * cache (71 MB to about 40 MB). Part of the cluster cache key.
     */
    static final List<String> INITDB_OPTIONS =
            List.of("-A", "trust", "-U", SUPERUSER, "-E", "UTF-8", "--wal-segsize=1");

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final ProcessHandle process;
    private final Path dataDirectory;
    private final int port;

    private Postmaster(ProcessHandle process, Path dataDirectory, int port) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** {@code initdb} of a new cluster in {@code dataDirectory} with {@link #INITDB_OPTIONS}; output to {@code log}. */
    static void initdb(Path home, Path dataDirectory, Path log) throws IOException {
        List<String> arguments = new ArrayList<>(INITDB_OPTIONS);
        arguments.addAll(List.of("--no-sync", "-D", dataDirectory.toString()));
        Process initdb = launch(home, "initdb", arguments, log);
        int exit = waitFor(initdb, Duration.ofMinutes(5));
        if (exit != 0) {
            throw new IOException(
                    "initdb exited with %d in %s%s".formatted(exit, dataDirectory, asSuffix(output(log, 0))));
        }
    }

    /**
     * Start a server on the cluster in {@code dataDirectory}, on a free loopback port, with {@code settings} on its
     * command line and its output appended to {@code log}; return once it accepts connections.
     */
    static Postmaster start(Path home, Path dataDirectory, Map<String, String> settings, Path log, Duration wait)
            throws IOException {
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            List<String> arguments =
                    new ArrayList<>(List.of("-D", dataDirectory.toString(), "-p", Integer.toString(port)));
            new TreeMap<>(settings).forEach((name, value) -> arguments.addAll(List.of("-c", name + "=" + value)));
            long logLength = Files.exists(log) ? Files.size(log) : 0;
            Process process = launch(home, "postgres", arguments, log);
            try {
                awaitReady(process, dataDirectory, wait);
                return new Postmaster(process.toHandle(), dataDirectory, port);
            } catch (IOException e) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(10));
                String output = output(log, logLength);
                if (!output.contains("could not bind") && !output.contains("could not create any TCP/IP sockets")) {
                    throw new IOException(e.getMessage() + asSuffix(output), e);
                }
                lastFailure = e; // another process took the port between our look and the server's bind
            }
        }
        throw new IOException("no free port after %d attempts".formatted(PORT_ATTEMPTS), lastFailure);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Whether the server process runs. A postmaster killed under a run stays a zombie until the JVM reaps its child a
     * moment later, and counts as alive until then; it has no executable any more, which is what tells it apart (the
     * run's next failing statement must already see that the server is gone, to say so).
     */
    boolean isRunning() {
        return process.isAlive() && process.info().command().isPresent();
    }

    /**
     * PostgreSQL's fast shutdown (open sessions are ended, a shutdown checkpoint written), waiting up to {@code wait};
     * then SIGKILL.
     */
    void stop(Duration wait) {
        stopFast(process, dataDirectory, wait);
    }

    /**
     * Fast shutdown of a postmaster this JVM may not have started (the warm server), then SIGKILL if it has not
     * stopped within {@code wait}.
     */
    static void stopFast(ProcessHandle postmaster, Path dataDirectory, Duration wait) {
        if (!postmaster.isAlive()) {
            return;
        }
        try {
            // SIGINT is the fast shutdown; Java itself can send only SIGTERM (the smart shutdown, which would wait for
            // every client to disconnect). On Windows the pg_ctl beside the server signals it through its named pipe.
            List<String> command = WINDOWS
                    ? List.of(
                            Path.of(postmaster.info().command().orElse("postgres.exe"))
                                    .resolveSibling("pg_ctl.exe")
                                    .toString(),
                            "stop",
                            "-m",
                            "fast",
                            "-D",
                            dataDirectory.toString())
                    : List.of("kill", "-INT", Long.toString(postmaster.pid()));
            Process signal = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            signal.waitFor(10, TimeUnit.SECONDS);
            postmaster.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ExecutionException | TimeoutException e) {
            postmaster.destroyForcibly();
        }
    }

    /** Wait until the server in {@code dataDirectory} says it is ready, failing when the process ends first. */
    private static void awaitReady(Process process, Path dataDirectory, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        String pid = Long.toString(process.pid());
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(
                        "PostgreSQL exited with %d while starting in %s".formatted(process.exitValue(), dataDirectory));
            }
            if (isReady(pidFile, pid)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "PostgreSQL did not accept connections within %s in %s".formatted(wait, dataDirectory));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while PostgreSQL was starting in " + dataDirectory);
            }
        }
    }

    /**
     * Whether {@code postmaster.pid} is this process's and its status line (the eighth) says {@code ready}: the file is
     * written in pieces while the server starts, so a short or foreign file only means "not yet".
     */
    static boolean isReady(Path pidFile, String pid) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.size() >= 8
                    && lines.get(0).trim().equals(pid)
                    && lines.get(7).trim().equals("ready");
        } catch (IOException e) {
            return false;
        }
    }

    private static Process launch(Path home, String program, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (runsAsRoot()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(executable(home, program).toString());
        command.addAll(arguments);
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectOutput(toLog)
                    .redirectError(toLog)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run %s: %s".formatted(String.join(" ", command), e.getMessage()), e);
        }
        process.getOutputStream().close(); // PostgreSQL reads nothing from its standard input
        return process;
    }

    /** The last lines {@code log} got after its first {@code from} bytes: what PostgreSQL said about a failure. */
    private static String output(Path log, long from) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            String text = new String(
                    bytes,
                    (int) Math.min(from, bytes.length),
                    (int) Math.max(0, bytes.length - from),
                    StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static String asSuffix(String output) {
        return output.isBlank() ? "" : "; its output:\n" + output;
    }

    private static Path executable(Path home, String program) {
        return home.resolve("bin").resolve(WINDOWS ? program + ".exe" : program);
    }

    /**
     * Whether this process runs as root, where PostgreSQL refuses to start. On Linux {@code /proc/self} belongs to the
     * process's effective user; elsewhere there is no user namespace to move to, and PostgreSQL's own refusal is the
     * message.
     */
    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int waitFor(Process process, Duration wait) throws IOException {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("%s did not finish within %s"
                        .formatted(process.info().command().orElse("process"), wait));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InterruptedIOException(
                    "interrupted while waiting for " + process.info().command().orElse("process"));
        }
    }
}
