package dev.pgtrickle.test.harness.upgrade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copying a project's files from one folder to another and clearing a folder: how the upgrade check puts the current
 * version over the baseline in one working folder, as a deployment checks out new code where the old code was.
 */
final class ProjectFiles {

    /** What dbt writes or git keeps, never part of a version: left out of copies and kept when clearing. */
    private static final Set<String> NOT_PROJECT_FILES = Set.of("target", "logs", ".git");

    private ProjectFiles() {}

    /** Copy the project files under {@code from} into {@code into} (created when missing). */
    static void copy(Path from, Path into) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source :
                    files.filter(path -> !excluded(from.relativize(path))).toList()) {
                Path copy = into.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy %s to %s: %s".formatted(from, into, e.getMessage()), e);
        }
    }

    /** Delete every project file in {@code folder}, keeping {@code target/} and {@code logs/}. */
    static void clear(Path folder) {
        try (Stream<Path> top = Files.list(folder)) {
            for (Path entry :
                    top.filter(path -> !excluded(folder.relativize(path))).toList()) {
                deleteTree(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear %s: %s".formatted(folder, e.getMessage()), e);
        }
    }

    /** Delete {@code path} and everything under it; quietly nothing when it does not exist. */
    static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete %s: %s".formatted(path, e.getMessage()), e);
        }
    }

    private static boolean excluded(Path relative) {
        return !relative.toString().isEmpty()
                && NOT_PROJECT_FILES.contains(relative.getName(0).toString());
    }
}
