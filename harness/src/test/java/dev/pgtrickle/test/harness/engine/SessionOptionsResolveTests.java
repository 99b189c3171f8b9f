package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.materialize.QueryChangeStrategy;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SessionOptions.resolve: the one validation of session settings")
class SessionOptionsResolveTests {

    @TempDir
    Path temp;

    private Path project;

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(temp.resolve("shop"));
        Files.writeString(project.resolve("dbt_project.yml"), "name: shop\n");
        Files.createDirectories(project.resolve("setup"));
        Files.writeString(project.resolve("setup/sources.sql"), "select 1;\n");
    }

    private SessionOptions resolve(Map<String, String> parameters) {
        return SessionOptions.resolve(
                SettingLayer.explicit(Map.of("pgtrickle.project", List.of(project.toString())), key -> "test")
                        .orElse(SettingLayer.configurationParameters(key -> Optional.ofNullable(parameters.get(key)))),
                temp);
    }

    @Test
    @DisplayName("every key, in the new spelling or a deprecated one, reaches the options")
    void keysReachTheOptions() {
        SessionOptions options = resolve(Map.of(
                "pgtrickle.select", "orders+",
                "pgtrickle.dbt.exclude", "tag:slow",
                "pgtrickle.dbt.fullRefresh", "true",
                "pgtrickle.backend", "EMBEDDED",
                "pgtrickle.await-timeout", "2m",
                "pgtrickle.scheduler-tick", "100ms",
                "pgtrickle.on-query-change", "Replace",
                "pgtrickle.dbt.target", "ci"));

        assertThat(options.select()).isEqualTo("orders+");
        assertThat(options.exclude()).isEqualTo("tag:slow");
        assertThat(options.fullRefresh()).isTrue();
        assertThat(options.server().backend()).isEqualTo(BackendKind.EMBEDDED);
        assertThat(options.awaitTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.schedulerTick()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.target()).contains("ci");
        assertThat(options.onQueryChange()).isEqualTo(QueryChangeStrategy.REPLACE);
    }

    @Test
    @DisplayName("vars: dbt's YAML map, or key=value pairs")
    void vars() {
        assertThat(resolve(Map.of("pgtrickle.vars", "{start: 2026-01-01, limit: 3}"))
                        .vars())
                .containsEntry("limit", 3);
        assertThat(resolve(Map.of("pgtrickle.vars", "region=eu, limit=3")).vars())
                .containsEntry("region", "eu")
                .containsEntry("limit", "3");
        assertThatThrownBy(() -> resolve(Map.of("pgtrickle.vars", "region")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("variable 'region' (configuration parameter 'pgtrickle.vars') is not a key=value pair;"
                        + " write each variable as \"key=value\"");
    }

    @Test
    @DisplayName("setup scripts: one rule, the project's own key first, a missing file named with its origin")
    void setupScripts() throws IOException {
        Files.writeString(temp.resolve("beside.sql"), "select 2;\n");

        assertThat(resolve(Map.of(
                                "pgtrickle.setup-scripts.shop", "setup/sources.sql",
                                "pgtrickle.setup-scripts", "beside.sql"))
                        .setupScripts())
                .containsExactly(project.resolve("setup/sources.sql"));
        assertThat(resolve(Map.of("pgtrickle.setup-scripts", "beside.sql")).setupScripts())
                .containsExactly(temp.resolve("beside.sql"));
        assertThatThrownBy(() -> resolve(Map.of("pgtrickle.dbt.setupScripts.shop", "setup/missing.sql")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("setup script 'setup/missing.sql' (configuration parameter"
                        + " 'pgtrickle.dbt.setupScripts.shop') does not exist; looked at %s; give SQL files relative"
                                .formatted(project.resolve("setup/missing.sql"))
                        + " to the project directory %s or absolute".formatted(project));
    }

    @Test
    @DisplayName("a bad backend or duration names where it was written")
    void badValues() {
        assertThatThrownBy(() -> resolve(Map.of("pgtrickle.backend", "docker")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("configuration parameter 'pgtrickle.backend': unknown backend 'docker'; use one of auto,"
                        + " embedded, container, external");
        assertThatThrownBy(() -> resolve(Map.of("pgtrickle.scheduler-tick", "often")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("scheduler tick 'often' (configuration parameter 'pgtrickle.scheduler-tick')"
                        + " is not a positive duration");
        assertThatThrownBy(() -> resolve(Map.of("pgtrickle.on-query-change", "merge")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("query change strategy 'merge' (configuration parameter 'pgtrickle.on-query-change') is"
                        + " not one the harness knows; use one of recreate, replace");
    }
}
