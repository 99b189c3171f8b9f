package dev.pgtrickle.test.harness.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A dbt project copied into a temporary folder so a test may edit its files. */
final class ProjectCopy {

    static final Path ORDER_TOTALS = Path.of("..", "examples", "projects", "order_totals");

    private ProjectCopy() {}

    static Path of(Path source, Path into) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = into.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.toString().contains("/target/")) {
                    Files.copy(file, target);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path project, String file, String content) {
        try {
            Path path = project.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
