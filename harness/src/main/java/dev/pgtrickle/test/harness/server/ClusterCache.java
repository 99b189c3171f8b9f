package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly initialised PostgreSQL cluster per set of binaries and server settings, kept in a per-user cache folder
 * ({@code ${XDG_CACHE_HOME:-$HOME/.cache}/pgtrickle-test/clusters}), so that starting the embedded server copies a
 * cluster instead of running {@code initdb} each time.
 *
 * <p>Rules: the cache is created once, under a file lock (two processes, or two threads, creating it at once wait for
 * each other), in a temporary folder that is renamed into place only when complete, so a half-written cache is never
 * seen under its final name. Every use copies it (a cluster is never shared between live servers) and checks the copy
 * against the manifest written at creation (file count and bytes); a cache that does not match is deleted and created
 * again. The key covers the binaries (the zonky archive's location and size) and the settings, so new binaries get a
 * new cache; creating an entry removes the ones other binaries or settings left ({@link #pruneOthers}).
 *
 * <p>Copying is the slow part (a cluster is about a thousand files, and creating a file is what costs: about 0.9 ms
 * each on the build machine, against 0.1 ms to rewrite one that exists), so a run does not copy on its way to a server
 * when it can help it: it takes a <em>ready copy</em> ({@code <key>.ready-<n>}, renamed into the run's work folder in
 * one step). Ready copies come from {@link #recycle recycling}: a server that stopped cleanly has its data directory
 * restored to the cached state in place (only the files the server changed are rewritten, the ones it added deleted,
 * the ones it removed copied back; every file checked by size and modification time against the entry, whose times
 * each copy keeps) and renamed into the cache as the next ready copy, once checked against the manifest. A ready copy
 * taken is checked against the manifest again. Only where the cache and the work folder share a file system (a rename
 * cannot cross one); elsewhere every run copies.
 */
final class ClusterCache {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);
    /** Bumped when the layout of a cache entry changes (3: every file carries {@link #CACHE_TIME}). */
    private static final String FORMAT = "3";

    private static final String MANIFEST = "cluster.properties";
    private static final String DATA = "data";
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    /** Files a running or stopped server leaves that a copy must not take along. */
    private static final List<String> NOT_COPIED = List.of("postmaster.pid", "postmaster.opts");

    /** An entry no run has used for this long is removed when another entry is created (its binaries are gone). */
    static final Duration UNUSED_FOR = Duration.ofDays(1);
    /** Entries kept at most; beyond, the least recently used go, unless used within {@link #IN_USE_WITHIN}. */
    static final int KEPT_ENTRIES = 4;
    /** An entry used this recently may serve a run right now (another checkout's): it is never removed. */
    static final Duration IN_USE_WITHIN = Duration.ofMinutes(10);

    private static final String READY = ".ready-";
    /** How an entry's lock file is named: {@code pg-<key>.lock}, beside the entry. */
    private static final String LOCK = ".lock";

    /** The modification time of every file in an entry ({@link #setCacheTimes}): 2000-01-01. */
    private static final FileTime CACHE_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FOLDER =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path root;
    private final int readyCopies;

    /** A cache in {@code root} that keeps one ready copy per entry. */
    ClusterCache(Path root) {
        this(root, 1);
    }

    /** A cache in {@code root} that keeps {@code readyCopies} ready copies per entry (0: copy on every use). */
    ClusterCache(Path root, int readyCopies) {
        this.root = root;
        this.readyCopies = readyCopies;
    }

    /** The per-user cache: {@code pgtrickle.cache.dir}, else {@code $XDG_CACHE_HOME/pgtrickle-test}, else ~/.cache/. */
    static ClusterCache forUser() {
        String configured = System.getProperty("pgtrickle.cache.dir");
        if (configured != null && !configured.isBlank()) {
            return new ClusterCache(Path.of(configured));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ClusterCache(base.resolve("pgtrickle-test"));
    }

    /** Something that initialises a fresh cluster in an empty data directory and stops its server cleanly. */
    interface Initializer {
        void initialise(Path dataDirectory) throws IOException;
    }

    /**
     * Copy the cached cluster for {@code key} into {@code target} (which must not exist yet), creating the cache first
     * when it is missing or damaged.
     *
     * @return true when {@code target} now holds a cluster; false when the cache could not be used (the reason is
     *     logged), so the caller initialises its own
     */
    boolean copyInto(String key, Path target, Initializer initializer) {
        Path entry = root.resolve("clusters").resolve(key);
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                Optional<Properties> manifest = readManifest(entry);
                if (manifest.isEmpty()) {
                    create(entry, initializer);
                    manifest = readManifest(entry);
                }
                if (manifest.isPresent()) {
                    markUsed(entry);
                }
                if (manifest.isPresent() && takeReadyCopy(entry, target, manifest.get())) {
                    return true;
                }
                if (manifest.isPresent() && copyMatches(entry.resolve(DATA), target, manifest.get())) {
                    return true;
                }
                LOG.warn("the cached PostgreSQL cluster {} is incomplete or damaged; creating it again", entry);
                EmbeddedDataDirectories.delete(target);
                invalidate(entry, manifest);
            }
        } catch (TargetNotWritable e) {
            // initdb would fail the same way, with a message that hides the cause: say it here.
            EmbeddedDataDirectories.delete(target);
            throw new ServerStartException(
                    ("embedded backend: cannot copy the cached PostgreSQL cluster (%d MB) into %s: %s%s; free some"
                                    + " space there or point java.io.tmpdir at a folder with room")
                            .formatted(
                                    e.megabytes,
                                    target.getParent(),
                                    e.getCause().toString(),
                                    freeSpace(target.getParent())),
                    e.getCause());
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "cannot use the PostgreSQL cluster cache in {} ({}{}); running initdb instead",
                    root,
                    e.toString(),
                    freeSpace(root));
            EmbeddedDataDirectories.delete(target);
        }
        return false;
    }

    /** The folder holding the cache's entries (and the warm server's folder). */
    Path root() {
        return root;
    }

    /** How much room a folder's file system has left (a full disk fails initdb with a message that hides it). */
    private static String freeSpace(Path folder) {
        try {
            return "; %d MB free there".formatted(Files.getFileStore(folder).getUsableSpace() / (1024 * 1024));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Writing the copy failed (a full disk, most likely): not the cache's fault, and no fallback would do better. */
    private static final class TargetNotWritable extends IOException {
        private static final long serialVersionUID = 1L;
        final long megabytes;

        TargetNotWritable(IOException cause, Properties manifest) {
            super(cause);
            this.megabytes = Long.parseLong(manifest.getProperty("bytes", "0")) / (1024 * 1024);
        }
    }

    /** The cache key: a format version, the binaries and the settings, hashed into a folder name. */
    static String key(String binaries, Map<String, String> settings) {
        return folderName(FORMAT + "\n" + binaries + "\n" + new TreeMap<>(settings));
    }

    /** A short file-name-safe name for {@code identity}: {@code pg-} and 16 hex digits of its SHA-256. */
    static String folderName(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "pg-" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Create the entry unless another process or thread did so while this one waited for the lock. */
    private void create(Path entry, Initializer initializer) throws IOException {
        Files.createDirectories(entry.getParent());
        Path lockFile = lockFile(entry);
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, file -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (readManifest(entry).isPresent()) {
                return; // created while waiting
            }
            removeLeftovers(entry);
            Path temporary = Files.createTempDirectory(entry.getParent(), entry.getFileName() + ".tmp-");
            try {
                Path data = temporary.resolve(DATA);
                long started = System.nanoTime();
                initializer.initialise(data);
                for (String name : NOT_COPIED) {
                    Files.deleteIfExists(data.resolve(name));
                }
                setCacheTimes(data);
                writeManifest(temporary, data);
                try {
                    Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the cache folder cannot rename atomically: " + e.getMessage(), e);
                }
                LOG.info(
                        "cached a fresh PostgreSQL cluster in {} ({} ms)",
                        entry,
                        (System.nanoTime() - started) / 1_000_000);
                pruneOthers(entry);
            } finally {
                EmbeddedDataDirectories.delete(temporary);
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /** The lock file of {@code entry}: {@code pg-<key>.lock}, beside it. */
    private static Path lockFile(Path entry) {
        return entry.resolveSibling(entry.getFileName() + LOCK);
    }

    /** The entry's modification time says when a run last used it (what {@link #pruneOthers} goes by). */
    private static void markUsed(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot mark {} as used: {}", entry, e.toString());
        }
    }

    /**
     * Remove the entries (and their ready copies) that other binaries or settings left: every entry not used for
     * {@link #UNUSED_FOR}, and the least recently used beyond {@link #KEPT_ENTRIES}, but never one used within
     * {@link #IN_USE_WITHIN} or one another process holds the lock of (it is being created). Runs when a new entry has
     * been created, which is when an old one has most likely been replaced. Each is renamed away under its lock before
     * it is deleted, so nobody copies a half-deleted entry; a run copying it at that moment falls back to initdb. Then
     * the lock files of entries long gone ({@link #pruneLockFiles}).
     */
    private void pruneOthers(Path created) throws IOException {
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(created.getParent(), "pg-*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!entry.equals(created) && Files.isDirectory(entry) && name.indexOf('.') < 0) {
                    others.add(entry);
                }
            }
        }
        others.sort(Comparator.comparing(ClusterCache::lastUsed).reversed());
        Instant now = Instant.now();
        for (int i = 0; i < others.size(); i++) {
            Instant used = lastUsed(others.get(i));
            boolean stale = used.isBefore(now.minus(UNUSED_FOR));
            boolean surplus = i + 1 >= KEPT_ENTRIES; // the entry just created is one of those kept
            if ((stale || surplus) && used.isBefore(now.minus(IN_USE_WITHIN))) {
                remove(others.get(i));
            }
        }
        pruneLockFiles(created);
    }

    /**
     * Remove the lock file {@code pg-<key>.lock} of every key that has nothing left in the cache (no entry, no ready
     * copy, no temporary folder) and whose lock file is older than {@link #UNUSED_FOR}, each only while holding its lock
     * (taken without waiting; a lock someone holds keeps its file).
     *
     * <p>Why not delete an entry's lock file together with the entry: no deletion of a lock file is safe against every
     * process that may open it. A process opens the file and then waits for its lock; if the holder deletes the file
     * meanwhile, the waiter gets a lock on the deleted file while the next process creates a new file under the same
     * name and locks that one, and both would create the entry at once. Only lockers that check, once they hold the
     * lock, that the name still leads to the file they locked would be safe; the processes of other checkouts sharing
     * this cache run older versions that do not check, and Java cannot compare an open channel with a path anyway.
     *
     * <p>Why this is safe enough: the race needs a run that wants this very key to open the lock file between the
     * check and the deletion, and a second run creating the same key right after. A key whose lock file is younger than
     * a day is never touched, so runs starting together on new binaries or settings always meet at one lock file; an
     * older key with nothing in the cache is one no run has used since its entry was pruned (or, rarely, one whose
     * damaged entry a run is replacing at this instant). And should it happen, each run still checks its copy of the
     * cluster against the manifest: two creators at once cost a failed rename and an initdb, never a damaged cluster.
     */
    private static void pruneLockFiles(Path created) throws IOException {
        Instant oldEnough = Instant.now().minus(UNUSED_FOR);
        List<Path> lockFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(created.getParent(), "pg-*" + LOCK)) {
            files.forEach(lockFiles::add);
        }
        for (Path lockFile : lockFiles) {
            String name = lockFile.getFileName().toString();
            Path entry = lockFile.resolveSibling(name.substring(0, name.length() - LOCK.length()));
            if (!entry.equals(created) && lastUsed(lockFile).isBefore(oldEnough) && nothingLeftOf(entry)) {
                removeLockFile(lockFile, entry, oldEnough);
            }
        }
    }

    /** Whether neither the entry nor anything named after it but its lock file (a ready copy, a folder) is there. */
    private static boolean nothingLeftOf(Path entry) throws IOException {
        if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> related = Files.newDirectoryStream(entry.getParent(), entry.getFileName() + ".*")) {
            for (Path path : related) {
                if (!path.getFileName().toString().equals(entry.getFileName() + LOCK)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Delete one lock file while holding its lock, if that is free and the entry still gone (see above). */
    private static void removeLockFile(Path lockFile, Path entry, Instant oldEnough) throws IOException {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, file -> new ReentrantLock());
        if (!jvmLock.tryLock()) {
            return;
        }
        // Opened without CREATE: a lock file another process removed meanwhile stays removed.
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock != null && lastUsed(lockFile).isBefore(oldEnough) && nothingLeftOf(entry)) {
                Files.delete(lockFile);
                LOG.debug("removed the lock file {} of a cached cluster removed earlier", lockFile);
            }
        } catch (NoSuchFileException e) {
            // removed by another process's pruning
        } finally {
            jvmLock.unlock();
        }
    }

    private static Instant lastUsed(Path entry) {
        try {
            return Files.getLastModifiedTime(entry).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /** Remove one entry of another key and its ready copies, unless its lock is held (it is being created). */
    private static void remove(Path entry) throws IOException {
        Path lockFile = lockFile(entry);
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, file -> new ReentrantLock());
        if (!jvmLock.tryLock()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return;
            }
            Instant used = lastUsed(entry);
            Path doomed = entry.resolveSibling(entry.getFileName() + ".tmp-removed-" + System.nanoTime());
            Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
            EmbeddedDataDirectories.delete(doomed);
            for (Path ready : siblings(entry, READY)) {
                EmbeddedDataDirectories.delete(ready);
            }
            LOG.info("removed the cached PostgreSQL cluster {}, unused since {}", entry, used);
        } finally {
            jvmLock.unlock();
        }
    }

    /** Move a ready copy into {@code target}; false when none is there or the one taken does not match. */
    private static boolean takeReadyCopy(Path entry, Path target, Properties manifest) throws IOException {
        for (Path ready : siblings(entry, READY)) {
            try {
                Files.move(ready, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                continue; // another run took it first
            } catch (AtomicMoveNotSupportedException e) {
                return false;
            }
            if (matches(target, manifest)) {
                return true;
            }
            LOG.warn("a ready copy of the cached PostgreSQL cluster {} was incomplete; deleted it", entry);
            EmbeddedDataDirectories.delete(target);
        }
        return false;
    }

    /**
     * Make {@code data}, the data directory of a server started from the entry {@code key} that has stopped cleanly,
     * the entry's next ready copy: restore it to the cached state in place and rename it into the cache. Nothing is
     * done when enough ready copies are there, the cache and {@code data} are on different file systems, or the entry
     * is gone.
     *
     * @return true when {@code data} is now a ready copy in the cache; false when it was left where it was (in any
     *     state: the caller deletes it)
     */
    boolean recycle(String key, Path data) {
        if (readyCopies == 0) {
            return false;
        }
        Path entry = root.resolve("clusters").resolve(key);
        try {
            Optional<Properties> manifest = readManifest(entry);
            if (manifest.isEmpty()
                    || siblings(entry, READY).size() >= readyCopies
                    || !sameFileSystem(entry, data.getParent())
                    || !restoreMatches(entry.resolve(DATA), data, manifest.get())) {
                return false;
            }
            Files.move(
                    data,
                    entry.resolveSibling(entry.getFileName() + READY + System.nanoTime()),
                    StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not make {} a ready copy of {}: {}", data, entry, e.toString());
            return false;
        }
    }

    /**
     * Make {@code target} hold exactly the files of {@code source}: a file whose size and modification time are the
     * source's is left alone (a server that writes to a file sets its time to the present; the entry's files all carry
     * {@link #CACHE_TIME}, and copies keep it), any other is rewritten in place (rewriting costs a tenth of creating), a missing one copied, and
     * what the source does not have is deleted. True when the result matches the manifest.
     */
    private static boolean restoreMatches(Path source, Path target, Properties manifest) throws IOException {
        Set<Path> wanted = new HashSet<>();
        long[] totals = new long[2];
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = source.relativize(path);
                wanted.add(relative);
                Path copy = target.resolve(relative.toString());
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isDirectory()) {
                    if (!Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS)) {
                        EmbeddedDataDirectories.delete(copy);
                        Files.createDirectory(copy, PRIVATE_FOLDER);
                    }
                    continue;
                }
                if (!sameSizeAndTime(copy, attributes)) {
                    rewrite(path, copy, attributes);
                }
                totals[0]++;
                totals[1] += attributes.size();
            }
        }
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!wanted.contains(target.relativize(path))) {
                    EmbeddedDataDirectories.delete(path);
                }
            }
        }
        return matches(totals, target, manifest);
    }

    /**
     * Give every file of a new entry one fixed modification time, long past: a server writing to a copy sets the
     * present, which then differs from it on any file system, however coarse its timestamps (one or two seconds on
     * some), even when the write comes within a second of the entry's creation.
     */
    private static void setCacheTimes(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, CACHE_TIME);
            }
        }
    }

    private static boolean sameSizeAndTime(Path copy, BasicFileAttributes source) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile()
                    && attributes.size() == source.size()
                    && attributes.lastModifiedTime().equals(source.lastModifiedTime());
        } catch (IOException e) {
            return false; // missing
        }
    }

    /** Copy {@code source} over {@code copy} without creating a new file where one exists, keeping the source's time. */
    private static void rewrite(Path source, Path copy, BasicFileAttributes attributes) throws IOException {
        if (Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS)) {
            EmbeddedDataDirectories.delete(copy);
        }
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        copy,
                        Set.of(
                                StandardOpenOption.WRITE,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING),
                        PRIVATE_FILE)) {
            long position = 0;
            while (position < attributes.size()) {
                position += in.transferTo(position, attributes.size() - position, out);
            }
        }
        Files.setLastModifiedTime(copy, attributes.lastModifiedTime());
    }

    private static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getFileStore(a).equals(Files.getFileStore(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> siblings(Path entry, String infix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> paths =
                Files.newDirectoryStream(entry.getParent(), entry.getFileName() + infix + "*")) {
            paths.forEach(found::add);
        }
        found.sort(null);
        return found;
    }

    /** Whether a copied data directory holds what the manifest says (file count and bytes) and a control file. */
    private static boolean matches(Path data, Properties manifest) throws IOException {
        return matches(totals(data), data, manifest);
    }

    private static boolean matches(long[] totals, Path data, Properties manifest) {
        return Long.toString(totals[0]).equals(manifest.getProperty("files"))
                && Long.toString(totals[1]).equals(manifest.getProperty("bytes"))
                && Files.isRegularFile(data.resolve("PG_VERSION"))
                && Files.isRegularFile(data.resolve("global/pg_control"));
    }

    /** Remove a damaged entry (under the lock, and only if it is still the damaged one). */
    private void invalidate(Path entry, Optional<Properties> seen) throws IOException {
        Path lockFile = lockFile(entry);
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, file -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Optional<Properties> now = readManifest(entry);
            if (now.equals(seen)) {
                // Rename first, so no reader ever sees a half-deleted entry under the final name.
                Path doomed = entry.resolveSibling(entry.getFileName() + ".tmp-removed-" + System.nanoTime());
                if (Files.exists(entry)) {
                    Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
                    EmbeddedDataDirectories.delete(doomed);
                }
                for (Path ready : siblings(entry, READY)) {
                    EmbeddedDataDirectories.delete(ready); // copies of a damaged cluster are not trusted either
                }
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /** Temporary folders of creators that died half-way (we hold the lock, so none is in progress). */
    private static void removeLeftovers(Path entry) throws IOException {
        try (DirectoryStream<Path> leftovers =
                Files.newDirectoryStream(entry.getParent(), entry.getFileName() + ".tmp-*")) {
            for (Path leftover : leftovers) {
                EmbeddedDataDirectories.delete(leftover);
            }
        }
        for (Path ready : siblings(entry, READY)) {
            EmbeddedDataDirectories.delete(ready); // copies of what is being replaced
        }
        if (Files.exists(entry)) {
            EmbeddedDataDirectories.delete(entry); // a folder without a manifest: not made by this class
        }
    }

    private static Optional<Properties> readManifest(Path entry) {
        Path file = entry.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties manifest = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            manifest.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return manifest.getProperty("files") != null && manifest.getProperty("bytes") != null
                ? Optional.of(manifest)
                : Optional.empty();
    }

    private static void writeManifest(Path entry, Path data) throws IOException {
        long[] totals = totals(data);
        Properties manifest = new Properties();
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("files", Long.toString(totals[0]));
        manifest.setProperty("bytes", Long.toString(totals[1]));
        try (OutputStream out = Files.newOutputStream(entry.resolve(MANIFEST))) {
            manifest.store(
                    out, "pgtrickle-test cluster cache: an initdb'd cluster; the folder may be deleted at any time");
        }
    }

    private static long[] totals(Path data) throws IOException {
        long[] totals = new long[2];
        try (Stream<Path> files = Files.walk(data)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                totals[0]++;
                totals[1] += size(file);
            });
        }
        return totals;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copy the cluster (PostgreSQL wants its data directory private: 0700), keeping each file's modification time (what
     * {@link #recycle} tells changed files by); true when it matches the manifest.
     */
    private static boolean copyMatches(Path source, Path target, Properties manifest) throws IOException {
        if (!Files.isDirectory(source)) {
            return false;
        }
        long[] totals = new long[2];
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                try {
                    if (Files.isDirectory(path)) {
                        Files.createDirectory(copy, PRIVATE_FOLDER);
                    } else {
                        Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                        totals[0]++;
                        totals[1] += Files.size(copy);
                    }
                } catch (FileAlreadyExistsException e) {
                    return false;
                } catch (IOException e) {
                    if (Files.isReadable(path)) {
                        throw new TargetNotWritable(e, manifest);
                    }
                    throw e;
                }
            }
        }
        return matches(totals, target, manifest);
    }
}
