package dev.pgtrickle.test.harness.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.engine.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upgrade check's temporary copy of the baseline, made in a parent folder this test owns. */
@DisplayName("the baseline's temporary copy")
class BaselineCopyTests {

    @TempDir
    Path temp;

    private Path project(String name) throws IOException {
        Path project = Files.createDirectories(temp.resolve(name));
        Files.writeString(project.resolve("dbt_project.yml"), "name: shop\n");
        Files.createDirectories(project.resolve("models"));
        Files.writeString(project.resolve("models/orders.sql"), "select 1 as id\n");
        return project;
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.toList();
        }
    }

    @Test
    @DisplayName("is made in the given parent, named like the current project's folder, and removed on close")
    void inTheGivenParent() throws IOException {
        Path baseline = project("baseline");
        Path current = project("shop_analytics");
        Path parent = Files.createDirectories(temp.resolve("work"));

        try (BaselineCopy copy = BaselineCopy.of(
                Baseline.folder(baseline), SessionOptions.builder(current).build(), parent)) {
            assertThat(copy.folder()).startsWith(parent).hasFileName("shop_analytics");
            assertThat(copy.folder().getParent().getFileName().toString()).startsWith(BaselineCopy.PREFIX);
            assertThat(copy.folder().resolve("models/orders.sql")).hasContent("select 1 as id");
            assertThat(copy.options().projectDir()).isEqualTo(copy.folder());
        }

        assertThat(entries(parent)).as("the temporary folder is removed").isEmpty();
    }

    @Test
    @DisplayName("a baseline that cannot be copied leaves nothing behind in the parent")
    void failedCopyLeavesNothing() throws IOException {
        Path baseline = project("baseline");
        Baseline gone = Baseline.folder(baseline);
        try (Stream<Path> files = Files.walk(baseline)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
        Path parent = Files.createDirectories(temp.resolve("work"));

        assertThatThrownBy(() -> BaselineCopy.of(
                        gone, SessionOptions.builder(project("shop_analytics")).build(), parent))
                .isInstanceOf(RuntimeException.class);
        assertThat(entries(parent)).isEmpty();
    }
}
