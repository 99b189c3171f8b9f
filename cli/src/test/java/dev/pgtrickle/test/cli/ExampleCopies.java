package dev.pgtrickle.test.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the example projects, so that a test can edit its project and write {@code target/} without harm. */
final class ExampleCopies {

    private ExampleCopies() {}

    /** The example folder {@code relative} (e.g. {@code examples/projects/order_totals}), found above the working directory. */
    static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(
                relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** A copy of {@code example} (without its {@code target} folder) in a folder of the same name under {@code into}. */
    static Path copy(Path example, Path into) throws IOException {
        Path target = into.resolve(example.getFileName().toString());
        try (Stream<Path> files = Files.walk(example)) {
            for (Path source : files.filter(path -> !example.relativize(path).startsWith("target"))
                    .toList()) {
                Path copy = target.resolve(example.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return target;
    }
}
