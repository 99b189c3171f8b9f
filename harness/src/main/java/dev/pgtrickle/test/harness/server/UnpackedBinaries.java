package dev.pgtrickle.test.harness.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries of the zonky archive on the class path, unpacked once per user and kept.
 *
 * <p>The folder is named by the archive's location and size (its {@link #identity()}), so finding the binaries of an
 * earlier run is one file lookup. zonky's own launcher names its folder by an MD5 of the whole 15 MB archive, which it
 * reads and hashes in every JVM before the first server starts (0.1 s on a quiet machine, 0.5-0.75 s under load).
 *
 * <p>The archive is unpacked into a private temporary folder, which is renamed into place only when complete (a
 * {@code .complete} marker inside is written last), under a file lock: two processes unpacking at once do not clash,
 * and a half-unpacked folder is never used.
 */
final class UnpackedBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(UnpackedBinaries.class);
    private static final String COMPLETE = ".complete";
    /** Binaries of another version no run has used for this long are removed when new ones are unpacked. */
    static final Duration UNUSED_FOR = Duration.ofDays(7);
    /** One unpacking per folder at a time in this JVM (the file lock is per process, not per thread). */
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final URL archive;
    private final String identity;

    private UnpackedBinaries(URL archive, String identity) {
        this.archive = archive;
        this.identity = identity;
    }

    /**
     * The binaries of this machine's platform, or a {@link ServerStartException} naming the Maven artifact to add when
     * the class path has none.
     */
    static UnpackedBinaries forThisMachine() {
        EmbeddedBinaries platform = EmbeddedBinaries.forThisMachine();
        ClassLoader loader = UnpackedBinaries.class.getClassLoader();
        URL archive = platform.requirePresent(loader);
        try {
            return new UnpackedBinaries(
                    archive, archive + " " + archive.openConnection().getContentLengthLong());
        } catch (IOException e) {
            throw new ServerStartException(
                    "embedded backend: cannot read the PostgreSQL binaries archive %s: %s"
                            .formatted(archive, e.getMessage()),
                    e);
        }
    }

    /** The archive's location and size: what names the unpacked folder, and the binaries' part of a cluster key. */
    String identity() {
        return identity;
    }

    /**
     * The folder holding {@code bin/}, {@code lib/} and {@code share/}: in the per-user cache folder ({@code
     * binaries/}), or, when that cannot be written, in {@code java.io.tmpdir/embedded-pg/pgtrickle-<user>}, next to
     * where zonky's launcher unpacks.
     */
    Path home() throws IOException {
        Path cached = ClusterCache.forUser().root().resolve("binaries");
        try {
            return home(cached);
        } catch (IOException e) {
            // A folder of this user's own: the unpacked folder is private to its user (0700, as a temporary folder).
            Path temporary = EmbeddedDataDirectories.temporaryFolder()
                    .resolve("embedded-pg")
                    .resolve("pgtrickle-" + System.getProperty("user.name", "user"));
            LOG.warn("cannot unpack the PostgreSQL binaries into {} ({}); using {}", cached, e, temporary);
            return home(temporary);
        }
    }

    /** The folder holding the binaries in {@code parent}, unpacked there first if it is not there yet. */
    Path home(Path parent) throws IOException {
        Path home = parent.resolve(ClusterCache.folderName(identity));
        if (Files.exists(home.resolve(COMPLETE))) {
            markUsed(home);
        } else {
            synchronized (JVM_LOCKS.computeIfAbsent(home, key -> new Object())) {
                if (unpackUnlessPresent(home)) {
                    pruneUnused(home);
                }
            }
        }
        return home;
    }

    /** The completion mark's modification time says when a run last used the folder (what pruning goes by). */
    private static void markUsed(Path home) {
        try {
            Files.setLastModifiedTime(home.resolve(COMPLETE), FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot mark {} as used: {}", home, e.toString());
        }
    }

    /**
     * Remove the binaries other versions left beside {@code home} (about 40 MB each) once no run has used them for
     * {@link #UNUSED_FOR}, and temporary folders of unpackers that died. A folder is removed under its lock, taken
     * without waiting (one being unpacked is skipped), renamed away first so that nobody finds it half-deleted. A server
     * started from a folder and running that long would lose its binaries; the week is there to make that unlikely.
     */
    private static void pruneUnused(Path home) {
        Instant unusedSince = Instant.now().minus(UNUSED_FOR);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(home.getParent(), "pg-*")) {
            for (Path sibling : siblings) {
                String name = sibling.getFileName().toString();
                if (sibling.equals(home) || name.endsWith(".lock") || !Files.isDirectory(sibling)) {
                    continue;
                }
                if (name.contains(".tmp-")
                        ? lastModified(sibling).isBefore(unusedSince)
                        : unused(sibling, unusedSince)) {
                    removeUnderLock(sibling, unusedSince);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not prune old PostgreSQL binaries beside {}: {}", home, e.toString());
        }
    }

    private static boolean unused(Path folder, Instant since) {
        Path mark = folder.resolve(COMPLETE);
        return !Files.exists(mark)
                ? lastModified(folder).isBefore(since)
                : lastModified(mark).isBefore(since);
    }

    private static Instant lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return Instant.now(); // unreadable: treated as just used, so kept
        }
    }

    private static void removeUnderLock(Path folder, Instant unusedSince) throws IOException {
        String name = folder.getFileName().toString();
        String key = name.contains(".tmp-") ? name.substring(0, name.indexOf(".tmp-")) : name;
        Path lockFile = folder.resolveSibling(key + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null || (!name.contains(".tmp-") && !unused(folder, unusedSince))) {
                return; // being unpacked or used right now
            }
            Path doomed = folder.resolveSibling(key + ".tmp-removed-" + System.nanoTime());
            Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
            EmbeddedDataDirectories.delete(doomed);
            LOG.info("removed PostgreSQL binaries no run has used since {}: {}", unusedSince, folder);
        }
    }

    /** Unpack into {@code home} unless another process did so first; whether this call unpacked. */
    private boolean unpackUnlessPresent(Path home) throws IOException {
        Files.createDirectories(home.getParent());
        Path lockFile = home.resolveSibling(home.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (Files.exists(home.resolve(COMPLETE))) {
                return false; // another process unpacked it while this one waited
            }
            EmbeddedDataDirectories.delete(home); // a folder without the marker is not ours to trust
            Path partial = Files.createTempDirectory(home.getParent(), home.getFileName() + ".tmp-");
            try {
                long started = System.nanoTime();
                unpack(partial);
                Files.createFile(partial.resolve(COMPLETE));
                try {
                    Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("%s cannot rename atomically: %s".formatted(home.getParent(), e), e);
                }
                LOG.info(
                        "unpacked the PostgreSQL binaries {} into {} ({} ms)",
                        archive,
                        home,
                        (System.nanoTime() - started) / 1_000_000);
                return true;
            } finally {
                EmbeddedDataDirectories.delete(partial);
            }
        }
    }

    /** Unpack the tar.xz archive into {@code target}, keeping its symbolic links and executable bits. */
    private void unpack(Path target) throws IOException {
        try (InputStream raw = new BufferedInputStream(archive.openStream(), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("the binaries archive %s names a path outside its folder: %s"
                            .formatted(archive, entry.getName()));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    try {
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    } catch (FileAlreadyExistsException e) {
                        // a later entry of the same name wins, as tar does
                        Files.delete(path);
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    }
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0111) != 0) {
                        makeExecutable(path);
                    }
                }
            }
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            if (!file.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + file + " executable", e);
            }
        }
    }
}
