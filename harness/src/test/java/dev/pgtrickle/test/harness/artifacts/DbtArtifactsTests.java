package dev.pgtrickle.test.harness.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** manifest.json and run_results.json carry the fields dbt's schemas require, read back as dbt tools read them. */
class DbtArtifactsTests {

    private static final Path ORDER_TOTALS = Path.of("../examples/projects/order_totals");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path target;

    private static CompiledProject orderTotals() {
        return ProjectCompiler.compile(
                ProjectLoader.load(ORDER_TOTALS, new LoadOptions(Map.of())),
                CompileOptions.defaults().withEnv(Map.of()));
    }

    @Test
    void theManifestHoldsEveryNodeWithCompiledSqlAndDependencies() throws Exception {
        CompiledProject project = orderTotals();

        Path file = ManifestWriter.write(project, target, "00000000-0000-0000-0000-000000000001");

        JsonNode manifest = JSON.readTree(file.toFile());
        assertThat(manifest.at("/metadata/dbt_schema_version").asText())
                .isEqualTo("https://schemas.getdbt.com/dbt/manifest/v12.json");
        assertThat(manifest.at("/metadata/project_name").asText()).isEqualTo("pgtrickle_integration_tests");
        assertThat(manifest.at("/metadata/invocation_id").asText()).isEqualTo("00000000-0000-0000-0000-000000000001");
        JsonNode model = manifest.at("/nodes/model.pgtrickle_integration_tests.order_totals");
        assertThat(model.at("/resource_type").asText()).isEqualTo("model");
        assertThat(model.at("/original_file_path").asText()).isEqualTo("models/marts/order_totals.sql");
        assertThat(model.at("/path").asText()).isEqualTo("marts/order_totals.sql");
        assertThat(model.at("/config/materialized").asText()).isEqualTo("stream_table");
        assertThat(model.at("/compiled_code").asText())
                .isEqualTo(project.model("order_totals").compiledSql());
        assertThat(model.at("/relation_name").asText()).isEqualTo("\"postgres\".\"public\".\"order_totals\"");
        assertThat(model.at("/checksum/name").asText()).isEqualTo("sha256");
        assertThat(model.at("/depends_on/nodes").toString()).contains("seed.pgtrickle_integration_tests.raw_orders");
        assertThat(manifest.at("/nodes/seed.pgtrickle_integration_tests.raw_orders/resource_type")
                        .asText())
                .isEqualTo("seed");
        assertThat(manifest.at("/nodes"))
                .anySatisfy(
                        node -> assertThat(node.at("/resource_type").asText()).isEqualTo("test"));
        assertThat(manifest.at("/child_map/seed.pgtrickle_integration_tests.raw_orders")
                        .toString())
                .contains("model.pgtrickle_integration_tests.order_totals");
        for (String key : List.of("sources", "macros", "docs", "exposures", "metrics", "disabled", "parent_map")) {
            assertThat(manifest.has(key)).as(key).isTrue();
        }
    }

    @Test
    void runResultsUseDbtsStatusWordsAndSchema() throws Exception {
        Instant started = Instant.parse("2026-01-01T10:00:00Z");
        List<RunResultsWriter.NodeResult> results = List.of(
                new RunResultsWriter.NodeResult(
                        "model.shop.orders",
                        "success",
                        started,
                        Duration.ofMillis(1500),
                        Optional.empty(),
                        OptionalInt.empty(),
                        Optional.of("INSERT 0 3")),
                new RunResultsWriter.NodeResult(
                        "test.shop.not_null_orders_id",
                        "fail",
                        started,
                        Duration.ofMillis(20),
                        Optional.of("2 failing rows"),
                        OptionalInt.of(2)));

        Path file = RunResultsWriter.write(
                target,
                "00000000-0000-0000-0000-000000000002",
                results,
                Duration.ofSeconds(3),
                Map.of("which", "build"));

        JsonNode runResults = JSON.readTree(file.toFile());
        assertThat(runResults.at("/metadata/dbt_schema_version").asText())
                .isEqualTo("https://schemas.getdbt.com/dbt/run-results/v6.json");
        assertThat(runResults.at("/args/which").asText()).isEqualTo("build");
        assertThat(runResults.at("/elapsed_time").asDouble()).isEqualTo(3.0);
        assertThat(runResults.at("/results/0/unique_id").asText()).isEqualTo("model.shop.orders");
        assertThat(runResults.at("/results/0/execution_time").asDouble()).isEqualTo(1.5);
        assertThat(runResults.at("/results/0/timing/1/name").asText()).isEqualTo("execute");
        assertThat(runResults.at("/results/0/timing/1/completed_at").asText()).isEqualTo("2026-01-01T10:00:01.500000Z");
        // dbt-postgres's adapter response and message for an incremental model's later run.
        assertThat(runResults.at("/results/0/message").asText()).isEqualTo("INSERT 0 3");
        assertThat(runResults.at("/results/0/adapter_response/_message").asText())
                .isEqualTo("INSERT 0 3");
        assertThat(runResults.at("/results/0/adapter_response/code").asText()).isEqualTo("INSERT");
        assertThat(runResults.at("/results/0/adapter_response/rows_affected").asLong())
                .isEqualTo(3);
        assertThat(runResults.at("/results/1/adapter_response").isEmpty()).isTrue();
        assertThat(runResults.at("/results/1/status").asText()).isEqualTo("fail");
        assertThat(runResults.at("/results/1/failures").asInt()).isEqualTo(2);
        assertThat(runResults.at("/results/1/message").asText()).isEqualTo("2 failing rows");
    }

    @Test
    void rewritingLeavesNoTemporaryFilesBehind() throws Exception {
        ManifestWriter.write(orderTotals(), target, "a");
        ManifestWriter.write(orderTotals(), target, "b");

        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("manifest.json");
        }
        assertThat(JSON.readTree(target.resolve("manifest.json").toFile())
                        .at("/metadata/invocation_id")
                        .asText())
                .isEqualTo("b");
    }
}
