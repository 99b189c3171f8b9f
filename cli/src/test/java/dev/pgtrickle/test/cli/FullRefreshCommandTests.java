package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.cli.InProcessCli.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's {@code full_refresh} config through the command line. Every command starts in a new database, so the
 * second build that shows a node kept or rebuilt is the upgrade check's: it builds the baseline, then the same project
 * over it in the same database, with the command's {@code --full-refresh} or without it.
 */
@DisplayName("pgtrickle-test and the full_refresh config")
class FullRefreshCommandTests {

    @TempDir
    Path temp;

    /** The same small project twice, as baseline and current. */
    private Path project(String name) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.createDirectories(dir.resolve("seeds"));
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(
                dir.resolve("dbt_project.yml"),
                """
                name: fr
                seeds:
                  fr:
                    kept_seed:
                      +full_refresh: false
                    rebuilt_seed:
                      +full_refresh: true
                """);
        Files.writeString(dir.resolve("seeds/kept_seed.csv"), "id\n1\n2\n");
        Files.writeString(dir.resolve("seeds/rebuilt_seed.csv"), "id\n1\n");
        String select = "select id from {{ ref('kept_seed') }}\n";
        Files.writeString(
                dir.resolve("models/kept_inc.sql"),
                "{{ config(materialized='incremental', full_refresh=false) }}\n" + select);
        Files.writeString(
                dir.resolve("models/rebuilt_inc.sql"),
                "{{ config(materialized='incremental', full_refresh=true) }}\n" + select);
        Files.writeString(
                dir.resolve("models/kept_st.sql"),
                "{{ config(materialized='stream_table', schedule='1m', full_refresh=false) }}\n" + select);
        Files.writeString(
                dir.resolve("models/rebuilt_st.sql"),
                "{{ config(materialized='stream_table', schedule='1m', full_refresh=true) }}\n" + select);
        Files.writeString(
                dir.resolve("models/follows_st.sql"),
                "{{ config(materialized='stream_table', schedule='1m') }}\n" + select);
        return dir;
    }

    /** The progress lines of the second build (the current project over the baseline). */
    private List<String> upgrade(String... extra) throws IOException {
        Path baseline = project("baseline");
        Path current = project("current");
        List<String> args = new ArrayList<>(List.of(
                "upgrade",
                "--backend",
                "embedded",
                "--project",
                current.toString(),
                "--baseline",
                baseline.toString()));
        args.addAll(List.of(extra));
        Outcome outcome =
                InProcessCli.run(temp, Optional.of(Files.createDirectories(temp.resolve("upgrade-work"))), args);
        assertThat(outcome.exitCode()).as(outcome.all()).isZero();
        List<String> lines = outcome.lines();
        int start = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith("-- current:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(outcome.all())));
        return lines.subList(start, lines.size());
    }

    /** A progress line of the second build matches {@code regex} (after the time of day). */
    private static void assertLine(List<String> lines, String regex) {
        assertThat(lines).as(String.join("\n", lines)).anyMatch(line -> line.matches("[\\d:]+ +" + regex));
    }

    @Test
    @DisplayName("--full-refresh rebuilds every node but those with full_refresh: false")
    void falseKeepsThroughTheFlag() throws IOException {
        List<String> lines = upgrade("--full-refresh");

        assertLine(lines, "OK +seed kept_seed \\.+ reloaded public\\.kept_seed, 2 rows.*");
        assertLine(lines, "OK +seed rebuilt_seed \\.+ recreated public\\.rebuilt_seed, 1 rows.*");
        assertLine(lines, "OK +model kept_inc \\.+ incremental public\\.kept_inc rows inserted \\(INSERT 0 2\\).*");
        assertLine(lines, "OK +model rebuilt_inc \\.+ incremental public\\.rebuilt_inc recreated \\(full_refresh\\).*");
        assertLine(lines, "OK +model kept_st \\.+ stream_table public\\.kept_st unchanged.*");
        assertLine(lines, "OK +model rebuilt_st \\.+ stream_table public\\.rebuilt_st recreated \\(full_refresh\\).*");
        assertLine(lines, "OK +model follows_st \\.+ stream_table public\\.follows_st recreated \\(full_refresh\\).*");
    }

    @Test
    @DisplayName("a run without --full-refresh rebuilds the nodes with full_refresh: true only")
    void trueRebuildsWithoutTheFlag() throws IOException {
        List<String> lines = upgrade();

        assertLine(lines, "OK +seed kept_seed \\.+ reloaded public\\.kept_seed, 2 rows.*");
        assertLine(lines, "OK +seed rebuilt_seed \\.+ recreated public\\.rebuilt_seed, 1 rows.*");
        assertLine(lines, "OK +model kept_inc \\.+ incremental public\\.kept_inc rows inserted \\(INSERT 0 2\\).*");
        assertLine(lines, "OK +model rebuilt_inc \\.+ incremental public\\.rebuilt_inc recreated \\(full_refresh\\).*");
        assertLine(lines, "OK +model kept_st \\.+ stream_table public\\.kept_st unchanged.*");
        assertLine(lines, "OK +model follows_st \\.+ stream_table public\\.follows_st unchanged.*");
        assertLine(lines, "OK +model rebuilt_st \\.+ stream_table public\\.rebuilt_st recreated \\(full_refresh\\).*");
    }
}
