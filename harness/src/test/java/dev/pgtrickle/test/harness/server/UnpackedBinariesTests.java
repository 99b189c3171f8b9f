package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PostgreSQL binaries unpacked once per user")
class UnpackedBinariesTests {

    @TempDir
    Path parent;

    @Test
    @DisplayName("unpacks the archive with its executables and library links, then finds it without unpacking again")
    void unpacksOnceAndKeeps() throws Exception {
        UnpackedBinaries binaries = UnpackedBinaries.forThisMachine();

        Path home = binaries.home(parent);

        assertThat(home.getParent()).isEqualTo(parent);
        assertThat(home.resolve("bin/postgres")).isExecutable();
        assertThat(home.resolve("bin/initdb")).isExecutable();
        try (Stream<Path> libraries = Files.list(home.resolve("lib"))) {
            assertThat(libraries.filter(Files::isSymbolicLink))
                    .isNotEmpty()
                    .allSatisfy(link -> assertThat(link).exists()); // every link resolves inside the folder
        }
        Path mark = Files.writeString(home.resolve("kept"), "a later call must not unpack again");
        assertThat(binaries.home(parent)).isEqualTo(home);
        assertThat(mark).exists();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("a folder left half-unpacked (no completion mark) is never used: it is unpacked again")
    void halfUnpackedFolderIsReplaced() throws Exception {
        UnpackedBinaries binaries = UnpackedBinaries.forThisMachine();
        Path home = binaries.home(parent);
        Files.delete(home.resolve(".complete"));
        Files.delete(home.resolve("bin/postgres"));

        assertThat(binaries.home(parent)).isEqualTo(home);

        assertThat(home.resolve("bin/postgres")).isExecutable();
        assertThat(home.resolve(".complete")).exists();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("two threads asking at once get the same complete folder, unpacked once")
    void concurrentCallsUnpackOnce() throws Exception {
        UnpackedBinaries binaries = UnpackedBinaries.forThisMachine();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> homes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                homes.add(pool.submit(() -> binaries.home(parent)));
            }
            assertThat(homes.get(0).get()).isEqualTo(homes.get(1).get());
            assertThat(homes.get(0).get().resolve("bin/postgres")).isExecutable();
        } finally {
            pool.shutdownNow();
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("unpacking new binaries removes other versions no run has used for a week, and dead unpackers'"
            + " temporary folders; recent ones stay")
    void prunesBinariesUnusedForAWeek() throws Exception {
        Instant longAgo = Instant.now().minus(UnpackedBinaries.UNUSED_FOR).minus(Duration.ofHours(1));
        Path old = Files.createDirectories(parent.resolve("pg-0000000000000old/bin"))
                .getParent();
        Files.setLastModifiedTime(Files.createFile(old.resolve(".complete")), FileTime.from(longAgo));
        Path recent = Files.createDirectories(parent.resolve("pg-000000000recent/bin"))
                .getParent();
        Files.createFile(recent.resolve(".complete"));
        Path deadUnpacker = Files.createDirectories(parent.resolve("pg-0000000000000old.tmp-123/bin"))
                .getParent();
        Files.setLastModifiedTime(deadUnpacker, FileTime.from(longAgo));

        Path home = UnpackedBinaries.forThisMachine().home(parent);

        assertThat(home.resolve("bin/postgres")).isExecutable();
        assertThat(old).doesNotExist();
        assertThat(deadUnpacker).doesNotExist();
        assertThat(recent.resolve(".complete")).exists();
        assertThat(leftovers()).isEmpty();
    }

    /** Anything in the parent but the unpacked folder and its lock file (a temporary folder left behind). */
    private List<Path> leftovers() throws Exception {
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(child -> child.getFileName().toString().contains(".tmp-"))
                    .toList();
        }
    }
}
