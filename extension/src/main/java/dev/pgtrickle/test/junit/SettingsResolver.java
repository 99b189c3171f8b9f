package dev.pgtrickle.test.junit;

import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.AWAIT_TIMEOUT;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.BACKEND;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.EXCLUDE;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.FULL_REFRESH;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.PROJECT;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.RUN_DBT_TESTS;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.SELECT;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.SETUP_SCRIPTS;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.TARGET;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.VARS;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SettingSource;
import dev.pgtrickle.test.junit.SettingsLayer.Sourced;
import dev.pgtrickle.test.junit.SettingsLayer.SourcedList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Turns layered settings into one validated {@link PgTrickleSettings}, touching nothing but the file system (to check
 * that the project and the scripts exist): a bad setting fails here, before any database is created.
 */
final class SettingsResolver {

    private final String owner;
    private final SettingsLayer layers;
    private final SettingSource environment;

    /**
     * @param owner who configured the project, e.g. {@code @PgTrickleProject on com.example.OrdersTests}
     * @param layers the settings, highest precedence first
     */
    SettingsResolver(String owner, SettingsLayer layers, SettingSource environment) {
        this.owner = owner;
        this.layers = layers;
        this.environment = environment;
    }

    PgTrickleSettings resolve() {
        Path project = projectDirectory();
        ServerSettings server = serverSettings();
        return new PgTrickleSettings(
                owner,
                project,
                server,
                text(TARGET),
                vars(),
                text(SELECT),
                text(EXCLUDE),
                flag(FULL_REFRESH),
                flag(RUN_DBT_TESTS),
                awaitTimeout(),
                setupScripts(project));
    }

    private Path projectDirectory() {
        Sourced path = layers.get(PROJECT)
                .orElseThrow(() -> fail(
                        "no dbt project configured",
                        "set @PgTrickleProject(path = \"...\"), the configuration parameter '%s',".formatted(PROJECT)
                                + " or PgTrickleExtension.builder().project(...)"));
        Path directory = Path.of(path.value()).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw fail(
                    "project directory '%s' (%s) does not exist; looked at %s"
                            .formatted(path.value(), path.origin(), directory),
                    "give the directory that holds dbt_project.yml, relative to the working directory %s or absolute"
                            .formatted(workingDirectory()));
        }
        Path projectFile = directory.resolve("dbt_project.yml");
        if (!Files.isRegularFile(projectFile)) {
            throw fail(
                    "project directory '%s' (%s) has no dbt_project.yml; expected it at %s"
                            .formatted(path.value(), path.origin(), projectFile),
                    "point it at the directory that holds dbt_project.yml");
        }
        return directory;
    }

    private ServerSettings serverSettings() {
        Optional<Sourced> backend = layers.get(BACKEND);
        if (backend.isPresent()) {
            try {
                BackendKind.parse(backend.get().value(), backend.get().origin());
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("%s: %s".formatted(owner, e.getMessage()), e);
            }
        }
        SettingSource configured = key -> layers.get(key).map(Sourced::value);
        return ServerSettings.resolve(configured, environment);
    }

    private Map<String, String> vars() {
        Map<String, String> vars = new LinkedHashMap<>();
        Optional<SourcedList> given = layers.list(VARS);
        if (given.isEmpty()) {
            return vars;
        }
        for (String pair : given.get().values()) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw fail(
                        "variable '%s' (%s) is not a key=value pair"
                                .formatted(pair, given.get().origin()),
                        "write each variable as \"key=value\"");
            }
            vars.put(
                    pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return vars;
    }

    private boolean flag(String key) {
        Optional<Sourced> value = layers.get(key);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw fail(
                        "'%s' (%s) is not a boolean"
                                .formatted(value.get().value(), value.get().origin()),
                        "write true or false");
        };
    }

    private Duration awaitTimeout() {
        Optional<Sourced> value = layers.get(AWAIT_TIMEOUT);
        if (value.isEmpty()) {
            return PgTrickleSettings.DEFAULT_AWAIT_TIMEOUT;
        }
        return DurationParser.parse(value.get().value())
                .orElseThrow(() -> fail(
                        "await timeout '%s' (%s) is not a positive duration"
                                .formatted(value.get().value(), value.get().origin()),
                        "write it like 500ms, 60s, 2m, 1h or as an ISO-8601 duration such as PT1M"));
    }

    private List<Path> setupScripts(Path project) {
        List<Path> scripts = new ArrayList<>();
        Optional<SourcedList> given = layers.list(SETUP_SCRIPTS);
        if (given.isEmpty()) {
            return scripts;
        }
        for (String script : given.get().values()) {
            Path file = project.resolve(script).normalize();
            if (!Files.isRegularFile(file)) {
                throw fail(
                        "setup script '%s' (%s) does not exist; looked at %s"
                                .formatted(script, given.get().origin(), file),
                        "give SQL files relative to the project directory %s or absolute".formatted(project));
            }
            scripts.add(file);
        }
        return scripts;
    }

    private String text(String key) {
        return layers.get(key).map(Sourced::value).orElse("");
    }

    private ExtensionConfigurationException fail(String problem, String fix) {
        return new ExtensionConfigurationException("%s: %s; %s".formatted(owner, problem, fix));
    }

    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
