package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgtrickle.test.junit.engine.DbtReportKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.launcher.TestIdentifier;

/**
 * What the engine publishes for a node ends up in dbt's {@code run_results.json} as dbt writes it: PostgreSQL's answer
 * to a model's main statement as the {@code adapter_response} and {@code message} dbt-postgres gives.
 */
@DisplayName("run_results.json from the engine's report entries")
class DbtRunResultsListenerTests {

    @TempDir
    Path dir;

    /** One node of the engine, as a test. */
    private static TestIdentifier node(String name) {
        UniqueId id = UniqueId.forEngine("pgtrickle-dbt").append("model", name);
        return TestIdentifier.from(new AbstractTestDescriptor(id, name) {
            @Override
            public Type getType() {
                return Type.TEST;
            }
        });
    }

    private static void finished(DbtRunResultsListener listener, String name, Map<String, String> entries) {
        TestIdentifier node = node(name);
        listener.reportingEntryPublished(node, ReportEntry.from(entries));
        listener.executionFinished(node, TestExecutionResult.successful());
    }

    @Test
    @DisplayName("an incremental model's later run: INSERT 0 3 as message and adapter response; none without one")
    void commandStatusIsTheAdapterResponse() throws IOException {
        Files.writeString(dir.resolve("dbt_project.yml"), "name: shop\n");
        DbtRunResultsListener listener = new DbtRunResultsListener();
        finished(
                listener,
                "orders",
                Map.of(
                        DbtReportKeys.UNIQUE_ID, "model.shop.orders",
                        DbtReportKeys.STATUS, "OK",
                        DbtReportKeys.COMMAND_STATUS, "INSERT 0 3"));
        finished(listener, "totals", Map.of(DbtReportKeys.UNIQUE_ID, "model.shop.totals", DbtReportKeys.STATUS, "OK"));

        Path file = listener.write(
                dir.resolve("target"),
                CliArguments.parse(List.of("run", "--project", dir.toString()), dir),
                Duration.ofSeconds(1));

        JsonNode results = new ObjectMapper().readTree(file.toFile()).get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("success");
        assertThat(results.get(0).get("message").asText()).isEqualTo("INSERT 0 3");
        assertThat(results.get(0).at("/adapter_response/code").asText()).isEqualTo("INSERT");
        assertThat(results.get(0).at("/adapter_response/rows_affected").asLong())
                .isEqualTo(3);
        assertThat(results.get(1).get("message").isNull()).isTrue();
        assertThat(results.get(1).get("adapter_response").isEmpty()).isTrue();
    }
}
