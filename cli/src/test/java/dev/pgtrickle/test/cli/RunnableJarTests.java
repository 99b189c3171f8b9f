package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar that {@code mvn package} attaches as {@code pgtrickle-test-cli-<version>-all.jar}, run as a team's CI
 * would: {@code java -jar} in a folder outside this repository, on a copy of the example project. Run by Failsafe
 * after {@code package}, which builds the jar (the property {@code pgtrickle.runnable-jar} names it).
 */
class RunnableJarTests {

    @TempDir
    Path outside;

    private static Path runnableJar() {
        return Path.of(System.getProperty("pgtrickle.runnable-jar", "target/missing-runnable-jar.jar"));
    }

    @Test
    void theManifestNamesTheMainClass() throws IOException {
        try (JarFile jar = new JarFile(runnableJar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(Main.class.getName());
        }
    }

    @Test
    void javaDashJarRunsTheMainJobFromAFolderOutsideTheRepository() throws Exception {
        Path project = ExampleCopies.copy(ExampleCopies.locate("examples/projects/order_totals"), outside);
        Path workingDirectory = Files.createDirectories(outside.resolve("ci-job"));
        Path output = outside.resolve("output.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process process = new ProcessBuilder(List.of(
                        java,
                        "-jar",
                        runnableJar().toAbsolutePath().toString(),
                        "build",
                        "--project",
                        project.toString(),
                        "--backend",
                        "embedded"))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(finished).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed.lines().toList())
                .anyMatch(line -> line.contains("OK    model order_totals"))
                .last()
                .isEqualTo("8 passed, 0 failed, 0 skipped");
        assertThat(printed).doesNotContain("No SLF4J providers", "SLF4J(W)");
        assertThat(project.resolve("target/pgtrickle-test/run_results.json")).exists();
        // dbt's own artifacts, where dbt writes them.
        assertThat(project.resolve("target/manifest.json"))
                .content()
                .contains(
                        "\"dbt_schema_version\" : \"https://schemas.getdbt.com/dbt/manifest/v12.json\"",
                        "\"model.pgtrickle_integration_tests.order_totals\" : {");
        assertThat(project.resolve("target/run_results.json"))
                .content()
                .contains(
                        "\"dbt_schema_version\" : \"https://schemas.getdbt.com/dbt/run-results/v6.json\"",
                        "\"unique_id\" : \"model.pgtrickle_integration_tests.order_totals\"",
                        "\"unique_id\" : \"seed.pgtrickle_integration_tests.raw_orders\"",
                        "\"status\" : \"success\"",
                        "\"status\" : \"pass\"")
                .doesNotContain("\"status\" : \"fail\"", "\"status\" : \"error\"");
    }
}
