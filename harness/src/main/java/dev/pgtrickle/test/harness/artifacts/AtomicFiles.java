package dev.pgtrickle.test.harness.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Report and artifact files replaced in one step: written to a temporary file in the same folder, then moved over the
 * target. Two runs on the same project at once, or a tool reading {@code target/} while a run writes it, see one whole
 * file or the other, never a mix or half of one.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Write {@code text} (UTF-8) to {@code file}, creating its folder, replacing any earlier file in one step. */
    public static Path writeString(Path file, String text) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                move(temporary, file);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Move {@code source} over {@code target} in one step where the file system can (same folder: always on POSIX). */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
