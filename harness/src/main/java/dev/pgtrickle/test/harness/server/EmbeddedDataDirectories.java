package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work folders of embedded servers, and the reaping of servers whose JVM died without stopping them.
 *
 * <p>A shutdown hook stops servers when the JVM exits normally or on SIGTERM/SIGINT, but nothing runs on SIGKILL or a
 * crash, and PostgreSQL does not notice that its parent is gone. Each work folder therefore holds an {@code owner.pid}
 * file with the creating JVM's process id; any later start looks for folders whose owner is dead, stops the postmaster
 * named in {@code data/postmaster.pid}, and deletes the folder.
 */
final class EmbeddedDataDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDataDirectories.class);
    static final String PREFIX = "pgtrickle-test-embedded-";
    private static final String OWNER_FILE = "owner.pid";

    private EmbeddedDataDirectories() {}

    /** {@code java.io.tmpdir}, where work folders go. */
    static Path temporaryFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Create a new work folder owned by this JVM in {@code parent} (normally {@link #temporaryFolder()}). */
    static Path create(Path parent) {
        try {
            Path folder = Files.createTempDirectory(parent, PREFIX);
            Files.writeString(
                    folder.resolve(OWNER_FILE),
                    Long.toString(ProcessHandle.current().pid()));
            return folder;
        } catch (IOException e) {
            throw new ServerStartException(
                    "embedded backend: cannot create a work folder in %s (java.io.tmpdir): %s"
                            .formatted(parent, e.getMessage()),
                    e);
        }
    }

    /** Stop and delete servers left behind by JVMs that no longer run. */
    static void reapOrphans() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(temp, PREFIX + "*")) {
            for (Path folder : folders) {
                if (ownerIsDead(folder)) {
                    stopPostmaster(folder.resolve("data"));
                    delete(folder);
                    LOG.info("removed embedded PostgreSQL left behind by a dead JVM: {}", folder);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("could not scan {} for orphaned embedded servers: {}", temp, e.getMessage());
        }
    }

    /**
     * Whether the JVM that created {@code folder} is gone. A folder without an owner file is a half-deleted one (the
     * owner file goes first) or one whose JVM died between creating it and writing the file; it counts as orphaned
     * once it is older than a minute, so that a JVM that is just starting is never robbed of its folder.
     */
    private static boolean ownerIsDead(Path folder) {
        Optional<Long> owner = readPid(folder.resolve(OWNER_FILE));
        if (owner.isEmpty()) {
            return olderThan(folder, Duration.ofMinutes(1));
        }
        return ProcessHandle.of(owner.get()).map(p -> !p.isAlive()).orElse(true);
    }

    private static boolean olderThan(Path folder, Duration age) {
        try {
            return Files.getLastModifiedTime(folder)
                    .toInstant()
                    .isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stop the postmaster named in {@code dataDirectory/postmaster.pid} if it still runs, waiting until it is gone.
     * The process must really be a PostgreSQL server: a stale pid file may name a process id the system has since
     * given to an unrelated program.
     */
    static void stopPostmaster(Path dataDirectory) {
        readPid(dataDirectory.resolve("postmaster.pid"))
                .flatMap(ProcessHandle::of)
                .filter(EmbeddedDataDirectories::isPostgres)
                .ifPresent(postmaster -> {
                    // SIGTERM is PostgreSQL's "smart" shutdown; a test server has nothing worth waiting for.
                    postmaster.destroy();
                    if (!waitForExit(postmaster, Duration.ofSeconds(10))) {
                        postmaster.destroyForcibly();
                        waitForExit(postmaster, Duration.ofSeconds(10));
                    }
                });
    }

    /** Whether the postmaster named in {@code dataDirectory/postmaster.pid} still runs. */
    static boolean postmasterRuns(Path dataDirectory) {
        return readPid(dataDirectory.resolve("postmaster.pid"))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(EmbeddedDataDirectories::isPostgres)
                .isPresent();
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> command.endsWith("/postgres"))
                .orElse(false);
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Delete a folder tree, logging (not throwing) what could not be removed. A killed postmaster's backends go on
     * writing for a moment after it died (a SIGKILL does not reach them), so a file can appear in a folder just being
     * removed: the walk is tried again a few times, shortly apart, and only the last attempt's failures are logged.
     */
    static void delete(Path folder) {
        for (int attempt = 1; attempt < DELETE_ATTEMPTS; attempt++) {
            if (deleteTree(folder, false)) {
                return;
            }
            try {
                Thread.sleep(DELETE_RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deleteTree(folder, true);
    }

    private static final int DELETE_ATTEMPTS = 5;
    private static final long DELETE_RETRY_PAUSE_MILLIS = 200;

    /** One walk over the tree, deepest first; whether the folder is gone afterwards. */
    private static boolean deleteTree(Path folder, boolean logFailures) {
        if (!Files.exists(folder)) {
            return true;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    if (logFailures) {
                        LOG.warn("could not delete {}: {}", path, e.getMessage());
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            if (logFailures) {
                LOG.warn("could not delete {}: {}", folder, e.getMessage());
            }
        }
        return !Files.exists(folder);
    }
}
