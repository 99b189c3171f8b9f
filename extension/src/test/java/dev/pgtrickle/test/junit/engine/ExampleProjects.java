package dev.pgtrickle.test.junit.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the example dbt project that a test may change. */
final class ExampleProjects {

    /** The example project, found from the module folder Surefire runs in (or the repository root). */
    static final Path ORDER_TOTALS = locate("examples/projects/order_totals");

    /** The richer example: a source table from a setup script, seeds, a view, an ephemeral model, two stream tables. */
    static final Path SHOP_ANALYTICS = locate("examples/projects/shop_analytics");

    private ExampleProjects() {}

    static Path copyOrderTotals(Path into) {
        return copy(ORDER_TOTALS, into);
    }

    /** A copy of {@code example} (without its {@code target} folder) in a folder of the same name under {@code into}. */
    static Path copy(Path example, Path into) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static void write(Path project, String file, String content) {
        try {
            Path path = project.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(
                relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
