package dev.pgtrickle.test.harness.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.engine.NodeOutcome;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade check deploys each version as {@code dbt seed} and {@code dbt run} do, with the project's {@code
 * on-run-start} and {@code on-run-end} hooks around each command, on a real database.
 */
@DisplayName("upgrade check: on-run-start/on-run-end around the baseline's and the current version's commands")
class UpgradeCheckHooksTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    /** The model reads the table on-run-start creates: without the hooks it cannot build. */
    private static final String MODEL = "{{ config(materialized='table') }}select count(*) as n from public.audit\n";

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    @DisplayName(
            "the hooks run before and after each version's run; a failing hook of the current version fails the check")
    void hooksAroundEachVersion() throws IOException {
        String hooks =
                """
                name: p
                on-run-start: "create table if not exists public.audit (step text)"
                on-run-end:
                  - "insert into public.audit values ('end')"
                """;
        write("base/dbt_project.yml", hooks);
        write("base/models/m.sql", MODEL);
        write("current/dbt_project.yml", hooks + "  - \"insert into public.missing values (1)\"\n");
        write("current/models/m.sql", MODEL);

        List<NodeOutcome> outcomes = new ArrayList<>();
        UpgradeReport report = UpgradeCheck.builder(SessionOptions.builder(dir.resolve("current"))
                        .server(EMBEDDED)
                        .env(Map.of())
                        .build())
                .baseline(Baseline.folder(dir.resolve("base")))
                .workingFolderParent(dir)
                .listener(new UpgradeListener() {
                    @Override
                    public void nodeFinished(NodeOutcome outcome) {
                        outcomes.add(outcome);
                    }
                })
                .build()
                .run();

        assertThat(report.baselineErrors()).isEmpty();
        assertThat(outcomes)
                .extracting(outcome -> outcome.name() + " " + outcome.status())
                .containsExactly(
                        // the baseline's dbt run (no seed: dbt seed has nothing to do)
                        "p-on-run-start-0 OK",
                        "m OK",
                        "p-on-run-end-0 OK",
                        // the current version's
                        "p-on-run-start-0 OK",
                        "m OK",
                        "p-on-run-end-0 OK",
                        "p-on-run-end-1 ERROR");
        assertThat(report.hookErrors())
                .singleElement()
                .asString()
                // (the file as the check's working copy of the current version has it)
                .contains("on-run-end hook on-run-end[1] of ")
                .contains("current/dbt_project.yml (line 4)")
                .contains("relation \"public.missing\" does not exist");
        assertThat(report.failures()).containsAll(report.hookErrors());
        assertThat(report.passed()).isFalse();
    }
}
