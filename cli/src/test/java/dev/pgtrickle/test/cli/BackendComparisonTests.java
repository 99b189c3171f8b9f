package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.cli.compare.BackendComparison;
import dev.pgtrickle.test.cli.compare.BackendSnapshot;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend comparison CI runs between the emulation and the real image, run here embedded against embedded (no
 * Docker): the same project must agree with itself, and a difference must be reported.
 */
class BackendComparisonTests {

    @Test
    void sameBackendTwiceAgrees(@TempDir Path dir) throws Exception {
        Path project = ExampleCopies.copy(ExampleCopies.locate("examples/projects/order_totals"), dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = run(
                new String[] {"--project", project.toString(), "--backend", "embedded", "--backend", "embedded"},
                out,
                err);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", printed, err).isZero();
        assertThat(printed)
                .contains("embedded: ")
                .contains("emulated")
                .contains("the backends agree on run results, dbt test outcomes and stream table contents")
                .doesNotContain("0 stream tables");
    }

    @Test
    void differencesAreListed() {
        BackendSnapshot emulated = new BackendSnapshot(
                "emulated",
                Map.of("order_totals", "CREATED", "stg", "CREATED"),
                Map.of("not_null_total", "PASS"),
                Map.of("order_totals", List.of("[1, 10]", "[2, null]")));
        BackendSnapshot real = new BackendSnapshot(
                "real",
                Map.of("order_totals", "ERROR", "stg", "CREATED"),
                Map.of("not_null_total", "FAIL"),
                Map.of("order_totals", List.of("[1, 10]", "[2, 0]")));

        assertThat(emulated.differences(emulated)).isEmpty();
        assertThat(emulated.differences(real))
                .containsExactly(
                        "model order_totals: CREATED vs ERROR",
                        "dbt test not_null_total: PASS vs FAIL",
                        "stream table order_totals: 2 rows vs 2 rows; only in the first: [[2, null]]; only in the"
                                + " second: [[2, 0]]");
    }

    @Test
    void theProjectsHooksRunOnceAroundTheBuild(@TempDir Path dir) throws Exception {
        // on-run-start creates the table the model reads, without "if not exists": run twice, it would fail.
        Files.writeString(
                dir.resolve("dbt_project.yml"),
                """
                name: p
                on-run-start: "create table public.audit (step text)"
                on-run-end: "insert into public.audit values ('end')"
                """);
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(
                dir.resolve("models/m.sql"),
                "{{ config(materialized='table') }}select count(*) as n from public.audit\n");

        BackendSnapshot snapshot = BackendSnapshot.take(SessionOptions.builder(dir)
                .server(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED))
                .env(Map.of())
                .build());

        assertThat(snapshot.models()).containsExactly(Map.entry("m", "CREATED"));
    }

    @Test
    void usageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(new String[] {"--backend", "embedded"}, new ByteArrayOutputStream(), err))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--project must name a dbt project folder");
    }

    private static int run(String[] args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return BackendComparison.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
