package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgtrickle.test.cli.InProcessCli.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgtrickle-test upgrade} on the shop_analytics example: a baseline copy whose region_revenue query and
 * customer_revenue schedule differ from the example's, so applying the example over it takes the RECREATED and the
 * ALTERED path.
 */
@DisplayName("pgtrickle-test upgrade on shop_analytics")
class UpgradeCommandTests {

    private static final Path EXAMPLE = ExampleCopies.locate("examples/projects/shop_analytics");
    private static final String SETUP = "setup/create_sources.sql";

    @TempDir
    Path temp;

    /**
     * Where the upgrade check makes its temporary copy of the baseline: a folder of this test's own, so that checking
     * nothing is left behind does not race other runs sharing {@code java.io.tmpdir}.
     */
    private Path upgradeWork;

    @BeforeEach
    void createUpgradeWork() throws IOException {
        upgradeWork = Files.createDirectories(temp.resolve("upgrade-work"));
    }

    private Outcome run(String... args) {
        return InProcessCli.run(temp, Optional.of(upgradeWork), List.of(args));
    }

    private Outcome upgrade(Path project, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("upgrade", "--project", project.toString(), "--setup-script", SETUP));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /**
     * The baseline: the example as it was before one query change (region_revenue had no order_count) and one
     * schedule change (customer_revenue refreshed every 5 minutes).
     */
    private Path baseline() throws IOException {
        Path baseline = ExampleCopies.copy(EXAMPLE, Files.createDirectories(temp.resolve("baseline")));
        replace(
                baseline.resolve("models/marts/reporting/region_revenue.sql"),
                "       SUM(total_amount) AS total_amount,\n       SUM(order_count) AS order_count\n",
                "       SUM(total_amount) AS total_amount\n");
        replace(baseline.resolve("models/marts/customer_revenue.sql"), "schedule='1m'", "schedule='5m'");
        return baseline;
    }

    private Path current() throws IOException {
        return ExampleCopies.copy(EXAMPLE, Files.createDirectories(temp.resolve("current")));
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    @DisplayName(
            "a query change, a schedule change, a new and a removed model: each path, contents match, upgrade.json")
    void queryAndScheduleChange() throws IOException {
        Path current = current();
        Files.writeString(
                current.resolve("models/staging/stg_placed_orders.sql"),
                "SELECT order_id, amount FROM {{ source('shop', 'orders') }} WHERE status = 'placed'\n");
        Path baseline = baseline();
        // An old time, so that a later one shows the working folder was made (and removed) there.
        Instant untouched = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(upgradeWork, FileTime.from(untouched));
        Files.writeString(
                baseline.resolve("models/staging/stg_shipped_orders.sql"),
                "SELECT order_id, amount FROM {{ source('shop', 'orders') }} WHERE status = 'shipped'\n");
        Outcome outcome = upgrade(current, "--baseline", baseline.toString(), "--expect-recreate", "region_revenue");

        assertThat(outcome.exitCode()).as(outcome.all()).isZero();
        assertThat(outcome.out())
                .contains("-- baseline: folder " + temp.resolve("baseline/shop_analytics"))
                .containsPattern("OK    model customer_revenue \\.+ stream_table analytics\\.customer_revenue created")
                .contains("-- current: " + current)
                .containsPattern("OK    upgrade customer_revenue \\.+ ALTERED schedule: 5m -> 1m; contents match the"
                        + " defining query \\(4 rows\\)")
                .containsPattern("OK    upgrade region_revenue \\.+ RECREATED \\(query_changed\\); contents match the"
                        + " defining query \\(\\d rows\\)")
                .containsPattern("OK    upgrade stg_orders \\.+ REPLACED")
                .containsPattern("OK    upgrade stg_placed_orders \\.+ CREATED")
                .containsPattern("OK    upgrade stg_shipped_orders \\.+ REMOVED");
        assertThat(outcome.lines()).last().asString().matches("\\d+ passed, 0 failed, 0 skipped");

        JsonNode report = new ObjectMapper()
                .readTree(current.resolve("target/pgtrickle-test/upgrade.json").toFile());
        assertThat(report.get("passed").asBoolean()).isTrue();
        JsonNode models = report.get("models");
        JsonNode customerRevenue = byModel(models, "customer_revenue");
        assertThat(customerRevenue.get("path").asText()).isEqualTo("ALTERED");
        assertThat(customerRevenue.at("/changed_settings/schedule").toString()).isEqualTo("[\"5m\",\"1m\"]");
        assertThat(customerRevenue.get("modified").toString()).isEqualTo("[\"config: schedule\"]");
        assertThat(customerRevenue.at("/contents/matches_defining_query").asBoolean())
                .isTrue();
        JsonNode regionRevenue = byModel(models, "region_revenue");
        assertThat(regionRevenue.get("path").asText()).isEqualTo("RECREATED");
        assertThat(regionRevenue.get("recreate_reason").asText()).isEqualTo("query_changed");
        assertThat(regionRevenue.get("modified").toString()).isEqualTo("[\"body\"]");
        JsonNode removed = byModel(models, "stg_shipped_orders");
        assertThat(removed.get("path").asText()).isEqualTo("REMOVED");
        assertThat(removed.get("message").asText())
                .isEqualTo("no longer in the project; its relation stays in the database (dbt does not drop relations"
                        + " of removed models)");
        assertThat(byModel(models, "stg_placed_orders").get("modified").toString())
                .isEqualTo("[\"new\"]");
        assertThat(Files.getLastModifiedTime(upgradeWork).toInstant())
                .as("the working folder was made in the given parent")
                .isAfter(untouched);
        try (Stream<Path> left = Files.list(upgradeWork)) {
            assertThat(left).as("the working folder is removed").isEmpty();
        }
    }

    @Test
    @DisplayName("--fail-on-recreate and a wrong --expect-recreate: exit 1, each failure a FAIL line naming the model")
    void expectationsFail() throws IOException {
        Outcome outcome = upgrade(
                current(),
                "--baseline",
                baseline().toString(),
                "--fail-on-recreate",
                "--expect-recreate",
                "customer_revenue");

        assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(1);
        assertThat(outcome.out())
                .containsPattern("FAIL  expectation customer_revenue \\.+")
                .contains("expected model customer_revenue to be RECREATED, but it was ALTERED schedule: 5m -> 1m")
                .containsPattern("FAIL  expectation region_revenue \\.+")
                .contains("model region_revenue was RECREATED (query_changed) and --fail-on-recreate forbids it");
        assertThat(outcome.lines()).last().asString().matches("\\d+ passed, 2 failed, 0 skipped");
    }

    @Test
    @DisplayName("bad input exits 2 naming it: a baseline that is not a dbt project, an unknown model, no baseline")
    void badInput() throws IOException {
        Path current = current();
        Path notAProject = Files.createDirectories(temp.resolve("not-a-project"));

        Outcome folder = upgrade(current, "--baseline", notAProject.toString());
        assertThat(folder.exitCode()).as(folder.all()).isEqualTo(2);
        assertThat(folder.err())
                .contains("baseline folder " + notAProject + " is not a dbt project: it has no dbt_project.yml");

        Outcome model = upgrade(current, "--baseline", baseline().toString(), "--expect-recreate", "nope");
        assertThat(model.exitCode()).as(model.all()).isEqualTo(2);
        assertThat(model.err()).contains("--expect-recreate nope: the project shop_analytics has no such model");

        Outcome none = upgrade(current);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("upgrade needs exactly one of --baseline DIR");

        Outcome otherCommand = run("build", "--project", current.toString(), "--baseline", notAProject.toString());
        assertThat(otherCommand.exitCode()).isEqualTo(2);
        assertThat(otherCommand.err())
                .contains("--baseline is for the upgrade command, or with a state: selection such as --select"
                        + " state:modified+");
    }

    @Test
    @DisplayName("--baseline-ref: a ref that does not exist and a folder outside any repository exit 2 naming them")
    void badGitRef() throws IOException {
        Outcome unknownRef = upgrade(EXAMPLE, "--baseline-ref", "no-such-ref-anywhere");
        assertThat(unknownRef.exitCode()).as(unknownRef.all()).isEqualTo(2);
        assertThat(unknownRef.err()).contains("--baseline-ref no-such-ref-anywhere: no such git ref in the repository");

        Outcome noRepository = upgrade(current(), "--baseline-ref", "main");
        assertThat(noRepository.exitCode()).as(noRepository.all()).isEqualTo(2);
        assertThat(noRepository.err()).contains("is not in a git repository; use --baseline DIR instead");
    }

    @Test
    @DisplayName(
            "--baseline-ref HEAD: the example as committed, applied over itself, leaves every stream table UNCHANGED")
    void gitRefHead() throws IOException, InterruptedException {
        Process status = new ProcessBuilder("git", "-C", EXAMPLE.toString(), "status", "--porcelain", ".")
                .redirectErrorStream(true)
                .start();
        String changes = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(
                status.waitFor() == 0 && changes.isBlank(),
                "the example is not a clean git checkout here: " + changes.strip());

        Outcome outcome = upgrade(
                EXAMPLE,
                "--baseline-ref",
                "HEAD",
                "--target-path",
                temp.resolve("out").toString());

        assertThat(outcome.exitCode()).as(outcome.all()).isZero();
        assertThat(outcome.out())
                .contains("-- baseline: git ref HEAD of " + EXAMPLE)
                .containsPattern(
                        "OK    upgrade int_customer_regions \\.+ SKIPPED \\(ephemeral: inlined into its consumers\\)")
                .containsPattern("OK    upgrade customer_revenue \\.+ UNCHANGED; contents match the defining query")
                .containsPattern("OK    upgrade region_revenue \\.+ UNCHANGED; contents match the defining query");
        assertThat(temp.resolve("out/upgrade.json")).exists();
    }

    @Test
    @DisplayName("--select state:modified+ against a baseline selects what changed and what reads it (ls, build)")
    void slimCiSelection() throws IOException {
        Path baseline = ExampleCopies.copy(EXAMPLE, Files.createDirectories(temp.resolve("schedule-only")));
        replace(baseline.resolve("models/marts/customer_revenue.sql"), "schedule='1m'", "schedule='5m'");
        Path current = current();

        Outcome ls = run(
                "ls",
                "--project",
                current.toString(),
                "--select",
                "state:modified+",
                "--baseline",
                baseline.toString());
        assertThat(ls.exitCode()).as(ls.all()).isZero();
        assertThat(ls.out())
                .contains("state: against folder " + baseline + ": modified customer_revenue (selecting"
                        + " customer_revenue+)")
                .contains("model customer_revenue (stream_table)", "model region_revenue (stream_table)")
                .doesNotContain("model stg_orders");

        Outcome build =
                upgradeLike("build", current, "--select", "+state:modified+", "--baseline", baseline.toString());
        assertThat(build.exitCode()).as(build.all()).isZero();
        assertThat(build.out())
                .containsPattern("OK    model customer_revenue \\.+ stream_table analytics\\.customer_revenue created")
                .containsPattern("OK    model stg_orders \\.+");

        Outcome nothing = run(
                "ls", "--project", current.toString(), "--select", "state:modified", "--baseline", current.toString());
        assertThat(nothing.exitCode()).as(nothing.all()).isZero();
        assertThat(nothing.out()).contains("Nothing to do: no model matches the state: selection.");

        Outcome noBaseline = run("ls", "--project", current.toString(), "--select", "state:modified+");
        assertThat(noBaseline.exitCode()).isEqualTo(2);
        assertThat(noBaseline.err())
                .contains("a state: selection compares with a baseline: give exactly one of --baseline DIR and"
                        + " --baseline-ref GIT_REF");

        Outcome unknown =
                run("ls", "--project", current.toString(), "--select", "state:old", "--baseline", baseline.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("state:old is not supported; use one of: state:modified, state:new");
    }

    /** {@code command --project <project> --setup-script setup/create_sources.sql extra...}. */
    private Outcome upgradeLike(String command, Path project, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--project", project.toString(), "--setup-script", SETUP));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static JsonNode byModel(JsonNode models, String name) {
        for (JsonNode model : models) {
            if (model.get("model").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError("no entry for " + name + " in " + models);
    }
}
