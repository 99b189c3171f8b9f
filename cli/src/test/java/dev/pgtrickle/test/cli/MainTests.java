package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.cli.InProcessCli.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("pgtrickle-test command line")
class MainTests {

    private static final Path EXAMPLE = ExampleCopies.locate("examples/projects/order_totals");

    @TempDir
    Path temp;

    Outcome run(String... args) {
        return InProcessCli.run(temp, args);
    }

    /** {@link #run} with {@code System.err} captured too: where the libraries' slf4j-simple logging goes. */
    Outcome runCapturingLog(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Outcome outcome;
        try (PrintStream captured = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            System.setErr(captured);
            outcome = run(args);
        } finally {
            System.setErr(original);
        }
        return new Outcome(outcome.exitCode(), outcome.out(), outcome.err() + log.toString(StandardCharsets.UTF_8));
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    Path copyExample() throws IOException {
        return ExampleCopies.copy(EXAMPLE, temp);
    }

    @Nested
    @DisplayName("build on the embedded backend")
    class Build {

        @Test
        @DisplayName("seeds, runs, awaits and tests the example project: exit 0, one line per node, the summary last")
        void succeeds() throws IOException {
            Path project = copyExample();

            Outcome outcome = run("build", "--project", project.toString(), "--backend", "embedded");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
            assertThat(outcome.lines())
                    .anyMatch(line ->
                            line.matches("\\d\\d:\\d\\d:\\d\\d  OK    seed raw_orders \\.+ .*\\[\\d+\\.\\d\\ds]"))
                    .anyMatch(
                            line -> line.matches(
                                    "\\d\\d:\\d\\d:\\d\\d  OK    model order_totals \\.+ stream_table public\\.order_totals created \\[\\d+\\.\\d\\ds]"))
                    .anyMatch(
                            line -> line.matches(
                                    "\\d\\d:\\d\\d:\\d\\d  PASS  test not_null order_totals\\.customer_id \\.+ \\[\\d+\\.\\d\\ds]"));
            assertThat(outcome.lines()).last().isEqualTo("8 passed, 0 failed, 0 skipped");
            Path reports = project.resolve("target/pgtrickle-test");
            assertThat(reports.resolve("TEST-pgtrickle-dbt.xml"))
                    .content()
                    .contains("tests=\"8\"", "failures=\"0\"", "name=\"not_null order_totals.customer_id\"");
            assertThat(reports.resolve("run_results.json"))
                    .content()
                    .contains(
                            "\"command\": \"build\"",
                            "\"exit_code\": 0",
                            "\"summary\": {\"passed\": 8, \"failed\": 0, \"skipped\": 0, \"warned\": 0, \"total\": 8}");
            assertThat(reports.resolve("compiled/pgtrickle_integration_tests/models/marts/order_totals.sql"))
                    .content()
                    .contains("FROM \"public\".\"raw_orders\"")
                    .doesNotContain("{{");
        }

        @Test
        @DisplayName(
                "a property entry for a missing model warns on stderr and in run_results.json, and the build goes on")
        void projectWarningsDoNotStopTheBuild() throws IOException {
            Path project = copyExample();
            Files.writeString(
                    project.resolve("models/marts/ghost.yml"),
                    "version: 2\nmodels:\n  - name: ghost_model\n    columns:\n      - name: id\n        tests: [unique]\n");

            Outcome outcome = runCapturingLog("build", "--project", project.toString(), "--backend", "embedded");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
            assertThat(outcome.err()).contains("ghost.yml:3: model 'ghost_model' is described here");
            assertThat(outcome.lines()).last().isEqualTo("8 passed, 0 failed, 0 skipped");
            assertThat(project.resolve("target/pgtrickle-test/run_results.json"))
                    .content()
                    .containsPattern("\"warnings\": \\[\"[^\"]*ghost\\.yml:3: model 'ghost_model' is described here");
        }

        @Test
        @DisplayName("a model that fails in the database still leaves its compiled SQL under <target-path>/compiled")
        void compiledSqlOfFailingModel() throws IOException {
            Path project = copyExample();
            Files.writeString(
                    project.resolve("models/marts/order_totals.sql"),
                    "{{ config(materialized='table') }}\nselect no_such_column from {{ ref('raw_orders') }}\n");

            Outcome outcome = runCapturingLog("build", "--project", project.toString(), "--target-path", "reports");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(1);
            assertThat(temp.resolve("reports/compiled/pgtrickle_integration_tests/models/marts/order_totals.sql"))
                    .content()
                    .contains("select no_such_column from \"public\".\"raw_orders\"");
            // Once, in the command line's own failure block: the harness's ERROR log line of the same failure is off.
            assertThat(occurrences(outcome.out() + outcome.err(), "column \"no_such_column\" does not exist"))
                    .as(outcome.out() + outcome.err())
                    .isEqualTo(1);
            assertThat(outcome.out()).contains("column \"no_such_column\" does not exist");
            // Warnings carrying new information (pg_trickle notes on a stream table's build) still show.
            assertThat(org.slf4j.LoggerFactory.getLogger(
                                    "dev.pgtrickle.test.harness.materialize.StreamTableMaterialization")
                            .isWarnEnabled())
                    .isTrue();
        }

        @Test
        @DisplayName(
                "a model real pg_trickle rejects fails as that model's ERROR with the real text: exit 1, tests skipped")
        void modelRejectedByPgTrickle() throws IOException {
            Path project = copyExample();
            // No refresh_mode: AUTO, which real pg_trickle refuses for a volatile function (fidelity audit A1).
            Files.writeString(
                    project.resolve("models/marts/order_totals.sql"),
                    "{{ config(materialized='stream_table', schedule='1m') }}\n"
                            + "select customer_id, random() as r from {{ ref('raw_orders') }}\n");

            Outcome outcome = runCapturingLog("build", "--project", project.toString(), "--backend", "embedded");

            String all = outcome.out() + outcome.err();
            assertThat(outcome.exitCode()).as(all).isEqualTo(Main.FAILED);
            assertThat(outcome.lines())
                    .anyMatch(line -> line.matches(".*ERROR +model order_totals .*"))
                    .anyMatch(line -> line.matches(".*SKIP +test .*order_totals.*"));
            assertThat(outcome.out())
                    .contains(
                            "unsupported operator for DIFFERENTIAL mode: Defining query contains volatile expressions");
            assertThat(outcome.lines()).last().asString().matches("\\d+ passed, 1 failed, [1-9]\\d* skipped");
            // dbt's run_results.json lists the skipped tests as dbt does, with the reason.
            assertThat(project.resolve("target/run_results.json"))
                    .content()
                    .containsPattern("\"status\" : \"skipped\",(?:(?!\"status\")[\\s\\S])*?\"unique_id\" :"
                            + " \"test\\.pgtrickle_integration_tests\\.not_null_order_totals_customer_id\"");
            // The backend line on stderr says plainly that pg_trickle was emulated; emulation internals stay hidden.
            assertThat(outcome.err())
                    .containsPattern("pgtrickle-test backend: embedded .*pg_trickle 0\\.67\\.0 emulated");
            assertThat(all).doesNotContain("PL/pgSQL").doesNotContain("_emulation_");
        }

        @Test
        @DisplayName("two runs on the same project folder at once: both pass, and every report is one run's, whole")
        void twoRunsAtOnce() throws Exception {
            Path project = copyExample();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<Outcome> outcomes;
            try {
                java.util.concurrent.Callable<Outcome> build =
                        () -> run("build", "--project", project.toString(), "--backend", "embedded");
                outcomes = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<Outcome> run : pool.invokeAll(List.of(build, build))) {
                    outcomes.add(run.get());
                }
            } finally {
                pool.shutdownNow();
            }

            for (Outcome outcome : outcomes) {
                assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
                assertThat(outcome.lines()).last().isEqualTo("8 passed, 0 failed, 0 skipped");
            }
            Path reports = project.resolve("target/pgtrickle-test");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertThat(json.readTree(reports.resolve("run_results.json").toFile())
                            .at("/summary/passed")
                            .asInt())
                    .isEqualTo(8);
            assertThat(json.readTree(project.resolve("target/run_results.json").toFile())
                            .at("/results")
                            .size())
                    .isEqualTo(8);
            org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(reports.resolve("TEST-pgtrickle-dbt.xml").toFile());
            assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("8");
            // Nothing half-written is left: no temporary report file, no private XML folder.
            try (java.util.stream.Stream<Path> files = Files.walk(project.resolve("target"))) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .noneMatch(name -> name.startsWith(".") || name.endsWith(".tmp"));
            }
        }

        @Test
        @DisplayName("--keep writes the JUnit XML and the JSON report before it waits for Ctrl-C")
        void keepWritesBothReports() throws Exception {
            Path project = copyExample();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
            Thread run = new Thread(() -> Main.run(
                    List.of("build", "--project", project.toString(), "--target-path", "reports", "--keep"),
                    temp,
                    printer,
                    printer));
            run.start();
            try {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
                // "Press Ctrl-C" comes before the reports are written; "Reports: " after both files are there.
                while (!(out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C")
                                && out.toString(StandardCharsets.UTF_8).contains("Reports: "))
                        && run.isAlive()) {
                    assertThat(System.nanoTime()).as("no --keep wait: " + out).isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(run.isAlive())
                        .as(out.toString(StandardCharsets.UTF_8))
                        .isTrue();
                assertThat(temp.resolve("reports/TEST-pgtrickle-dbt.xml"))
                        .content()
                        .contains("tests=\"8\"", "failures=\"0\"", "name=\"not_null order_totals.customer_id\"");
                assertThat(temp.resolve("reports/run_results.json")).content().contains("\"exit_code\": 0");
                assertThat(out.toString(StandardCharsets.UTF_8))
                        .contains("Reports: ")
                        .containsPattern(
                                "Database kept running: jdbc:postgresql://127\\.0\\.0\\.1:\\d+/\\w+\\?user=postgres")
                        .containsPattern("Connect with: psql -h 127\\.0\\.0\\.1 -p \\d+ -U postgres -d \\w+");
                assertThat(project.resolve("target/manifest.json")).exists();
                assertThat(project.resolve("target/run_results.json"))
                        .content()
                        .contains("https://schemas.getdbt.com/dbt/run-results/v6.json");
            } finally {
                // What Ctrl-C does to a real run: the waiting engine returns, the database is dropped.
                run.interrupt();
                run.join(java.util.concurrent.TimeUnit.MINUTES.toMillis(2));
            }
            assertThat(run.isAlive()).isFalse();
        }

        @Test
        @DisplayName("a failing dbt test exits 1 and shows its failing rows and compiled SQL")
        void failingTest() throws IOException {
            Path project = copyExample();
            Files.writeString(
                    project.resolve("tests/assert_no_small_customers.sql"),
                    "select customer_id, total_amount from {{ ref('order_totals') }} where total_amount < 100\n");

            Outcome outcome = run("build", "--project", project.toString(), "--target-path", "reports");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(1);
            assertThat(outcome.out())
                    .containsPattern("FAIL  test assert_no_small_customers \\.+ \\[\\d+\\.\\d\\ds]")
                    .contains(
                            "          FAIL assert_no_small_customers: 1 failing row (error_if !=0, severity error)",
                            "            customer_id | total_amount",
                            "          compiled SQL (" + project.resolve("tests/assert_no_small_customers.sql") + "):",
                            "select customer_id, total_amount from \"public\".\"order_totals\" where total_amount < 100");
            assertThat(outcome.lines()).last().isEqualTo("8 passed, 1 failed, 0 skipped");
            assertThat(temp.resolve("reports/TEST-pgtrickle-dbt.xml")).content().contains("failures=\"1\"");
        }

        @Test
        @DisplayName("snapshot builds the snapshots and what they read, nothing else; ls lists them")
        void snapshotCommand() throws IOException {
            Path project = temp.resolve("snapshots");
            Files.createDirectories(project.resolve("snapshots"));
            Files.createDirectories(project.resolve("seeds"));
            Files.createDirectories(project.resolve("models"));
            Files.writeString(project.resolve("dbt_project.yml"), "name: p\n");
            Files.writeString(project.resolve("seeds/items.csv"), "id,name\n1,a\n");
            Files.writeString(
                    project.resolve("snapshots/items.sql"),
                    "{% snapshot items_snapshot %}{{ config(unique_key='id', strategy='check', check_cols='all') }}"
                            + "select * from {{ ref('items') }}{% endsnapshot %}");
            Files.writeString(project.resolve("models/unrelated.sql"), "select 1 as x\n");

            Outcome listed = run("ls", "--project", project.toString());
            assertThat(listed.lines()).contains("snapshot items_snapshot", "model unrelated (view)");

            Outcome outcome = run("snapshot", "--project", project.toString(), "--backend", "embedded");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
            assertThat(outcome.out())
                    .containsPattern("OK    seed items \\.+")
                    .containsPattern("OK    snapshot items_snapshot \\.+ snapshot public\\.items_snapshot created")
                    .doesNotContain("unrelated");
            assertThat(outcome.lines()).last().isEqualTo("2 passed, 0 failed, 0 skipped");
            // dbt's artifacts name it as dbt does: a snapshot node, not a model.
            assertThat(project.resolve("target/run_results.json"))
                    .content()
                    .contains("\"unique_id\" : \"snapshot.p.items_snapshot\"");
            assertThat(project.resolve("target/manifest.json"))
                    .content()
                    .containsPattern("\"snapshot\\.p\\.items_snapshot\" : \\{[^}]*\"resource_type\" : \"snapshot\"");
        }

        @Test
        @DisplayName(
                "on-run-start and on-run-end run as operations; a failing one exits 1 naming the hook and its file")
        void runHooks() throws IOException {
            Path project = temp.resolve("hooks");
            Files.createDirectories(project.resolve("models"));
            Files.writeString(
                    project.resolve("dbt_project.yml"),
                    """
                    name: p
                    on-run-start: "insert into public.missing values (1)"
                    on-run-end: "select {{ results | length }}"
                    """);
            Files.writeString(project.resolve("models/m.sql"), "select 1 as x\n");

            Outcome outcome = run("build", "--project", project.toString(), "--backend", "embedded");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(1);
            assertThat(outcome.out())
                    .containsPattern("ERROR operation p-on-run-start-0 \\.+ on-run-start hook \\(p\\)")
                    .contains("on-run-start hook on-run-start[0] of " + project.resolve("dbt_project.yml"))
                    .containsPattern("OK    model m \\.+")
                    .containsPattern("OK    operation p-on-run-end-0 \\.+");
            assertThat(outcome.lines()).last().isEqualTo("2 passed, 1 failed, 0 skipped");
            assertThat(project.resolve("target/run_results.json"))
                    .content()
                    .contains(
                            "\"unique_id\" : \"operation.p.p-on-run-start-0\"",
                            "\"unique_id\" : \"operation.p.p-on-run-end-0\"");
        }
    }

    @Nested
    @DisplayName("usage and project errors exit 2 with the fix")
    class UsageErrors {

        @Test
        @DisplayName("no command")
        void noCommand() {
            Outcome outcome = run();
            assertThat(outcome.exitCode()).isEqualTo(2);
            assertThat(outcome.err())
                    .startsWith(
                            "pgtrickle-test: no command given; use one of: build, seed, run, test, snapshot, ls, refresh, freshness, cdc-health, drop-all, upgrade\n")
                    .contains("usage: pgtrickle-test <command> [options]");
        }

        @Test
        @DisplayName("an unknown command")
        void unknownCommand() {
            Outcome outcome = run("deploy");
            assertThat(outcome.exitCode()).isEqualTo(2);
            assertThat(outcome.err())
                    .startsWith(
                            "pgtrickle-test: unknown command 'deploy'; use one of: build, seed, run, test, snapshot, ls, refresh, freshness, cdc-health, drop-all");
        }

        @Test
        @DisplayName("a folder that is not a dbt project")
        void notAProject() {
            Outcome outcome = run("build");
            assertThat(outcome.exitCode()).isEqualTo(2);
            assertThat(outcome.err())
                    .isEqualTo(
                            "pgtrickle-test: --project %s: no dbt_project.yml there; pass the folder that holds dbt_project.yml (default: the current folder)%n"
                                    .formatted(temp));
        }

        @Test
        @DisplayName("an unknown option, a missing value, a bad backend, bad vars")
        void badOptions() throws IOException {
            Path project = copyExample();
            assertThat(run("build", "--project", project.toString(), "--fast").err())
                    .isEqualTo("pgtrickle-test: unknown option '--fast'; see pgtrickle-test --help for the options%n"
                            .formatted());
            assertThat(run("build", "--project").err())
                    .isEqualTo(
                            "pgtrickle-test: option --project needs a value, e.g. --project examples/projects/order_totals%n"
                                    .formatted());
            Outcome backend = run("build", "--project", project.toString(), "--backend", "cloud");
            assertThat(backend.exitCode()).isEqualTo(2);
            assertThat(backend.err())
                    .isEqualTo("pgtrickle-test: --backend cloud: unknown backend; use embedded, container or external%n"
                            .formatted());
            Outcome vars = run("build", "--project", project.toString(), "--vars", "[1, 2]");
            assertThat(vars.exitCode()).isEqualTo(2);
            assertThat(vars.err())
                    .isEqualTo(
                            "pgtrickle-test: --vars [1, 2]: must be a map, e.g. '{start_date: 2026-01-01}' or '{\"key\": \"value\"}'%n"
                                    .formatted());
        }

        @Test
        @DisplayName("a broken property file names the file")
        void brokenProject() throws IOException {
            Path project = copyExample();
            Files.writeString(project.resolve("models/marts/broken.yml"), "models: [\n");
            Outcome outcome = run("build", "--project", project.toString());
            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(2);
            assertThat(outcome.out()).contains("broken.yml");
            assertThat(outcome.lines()).last().isEqualTo("0 passed, 1 failed, 0 skipped");
        }
    }

    @Nested
    @DisplayName("a run stopped by a project error says so")
    class ProjectErrors {

        @Test
        @DisplayName("a broken setup script: the error comes before the SKIP lines, the closing counts show a failure")
        void errorBeforeSkipsAndFailureCounted() throws IOException {
            Path project = copyExample();
            Files.writeString(project.resolve("broken_setup.sql"), "create table (;\n");

            Outcome outcome = run("build", "--project", project.toString(), "--setup-script", "broken_setup.sql");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(Main.USAGE_ERROR);
            List<String> lines = outcome.lines();
            int error = indexOf(lines, line -> line.startsWith("ERROR dbt project "));
            int firstSkip = indexOf(lines, line -> line.matches("\\d\\d:\\d\\d:\\d\\d  SKIP .*"));
            assertThat(error).as(outcome.out()).isNotNegative();
            assertThat(firstSkip).as(outcome.out()).isGreaterThan(error);
            assertThat(lines).last().isEqualTo("0 passed, 1 failed, 6 skipped");
            assertThat(lines.get(lines.size() - 2)).isEqualTo("Done. PASS=0 WARN=0 ERROR=1 SKIP=6 TOTAL=7");
            // Both JSON reports count the failure too, so that a tool reading them sees the run failed.
            assertThat(project.resolve("target/pgtrickle-test/run_results.json"))
                    .content()
                    .contains(
                            "\"summary\": {\"passed\": 0, \"failed\": 1, \"skipped\": 6, \"warned\": 0, \"total\": 7}");
            assertThat(project.resolve("target/run_results.json"))
                    .content()
                    .contains(
                            "\"unique_id\" : \"operation.pgtrickle_integration_tests.pgtrickle-test-build\"",
                            "\"status\" : \"error\"",
                            "setup script failed");
        }

        @Test
        @DisplayName("a missing setup script is reported before any server starts: exit 2, the file named")
        void missingSetupScriptBeforeServer() throws IOException {
            Path project = copyExample();

            Outcome outcome = runCapturingLog(
                    "build", "--project", project.toString(), "--setup-script", "setup/no_such_script.sql");

            // A usage error, as an unknown option is: checked while the arguments are read, before anything starts.
            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(Main.USAGE_ERROR);
            assertThat(outcome.err())
                    .contains("--setup-script setup/no_such_script.sql: no such file")
                    .doesNotContain("pgtrickle-test backend:");
            assertThat(outcome.out()).isEmpty();
        }

        @Test
        @DisplayName("a project that cannot be loaded ends with a failure in the closing counts, exit 2")
        void unloadableProjectCountsAsFailure() throws IOException {
            Path project = copyExample();
            Files.writeString(project.resolve("dbt_project.yml"), "name: [\n");

            Outcome outcome = run("build", "--project", project.toString());

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(Main.USAGE_ERROR);
            assertThat(outcome.lines()).last().isEqualTo("0 passed, 1 failed, 0 skipped");
        }

        @Test
        @DisplayName("a --select typo is reported before any server starts, for run as for build: exit 2")
        void selectionErrorBeforeServer() throws IOException {
            Path project = copyExample();
            for (String command : List.of("run", "build")) {
                Outcome outcome = runCapturingLog(command, "--project", project.toString(), "--select", "ordr_totals");

                assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(Main.USAGE_ERROR);
                assertThat(outcome.out()).contains("ordr_totals");
                assertThat(outcome.err()).doesNotContain("pgtrickle-test backend:");
                assertThat(outcome.lines()).last().isEqualTo("0 passed, 1 failed, 0 skipped");
            }
        }

        private static int indexOf(List<String> lines, java.util.function.Predicate<String> which) {
            for (int i = 0; i < lines.size(); i++) {
                if (which.test(lines.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Test
    @DisplayName("ls lists the models, seeds and tests without a database")
    void listsNodes() throws IOException {
        Path project = copyExample();
        Outcome outcome = run("ls", "--project", project.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.lines())
                .contains(
                        "seed raw_orders",
                        "model order_totals (stream_table)",
                        "test not_null order_totals.customer_id",
                        "test assert_totals_correct");
    }

    @Test
    @DisplayName("ls chooses the target as a build does: a target the profile lacks is a project error")
    void listsWithTheProfilesTarget() throws IOException {
        Path project = copyExample();
        Outcome outcome = run("ls", "--project", project.toString(), "--target", "staging");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err())
                .contains("profile 'integration_tests' has no output 'staging'; its outputs are: default; choose one of"
                        + " them as the target");
    }

    @Test
    @DisplayName("--help prints the commands and options")
    void help() {
        Outcome outcome = run("--help");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .startsWith("usage: pgtrickle-test <command> [options]")
                .contains("--keep");
    }
}
