package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SettingSource;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.harness.settings.SettingValue;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one validation of session settings, whichever entrance wrote them: project folder, backend, vars, booleans,
 * durations and setup scripts. It touches nothing but the file system (to check that the project and the scripts
 * exist), so a bad setting fails before any database is created, with a {@link SettingsException} naming the value's
 * origin.
 */
final class SessionOptionsResolver {

    private final SettingLayer settings;
    private final Path workingDirectory;

    SessionOptionsResolver(SettingLayer settings, Path workingDirectory) {
        this.settings = settings;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    SessionOptions resolve() {
        Path project = projectDirectory();
        SessionOptions.Builder options = SessionOptions.builder(project)
                .server(serverSettings())
                .target(text(Setting.TARGET))
                .vars(vars())
                .select(text(Setting.SELECT))
                .exclude(text(Setting.EXCLUDE))
                .fullRefresh(settings.get(Setting.FULL_REFRESH)
                        .map(SettingValue::asBoolean)
                        .orElse(false))
                .setupScripts(setupScripts(project));
        settings.get(Setting.AWAIT_TIMEOUT)
                .map(value -> value.asDuration("await timeout"))
                .ifPresent(options::awaitTimeout);
        return options.build();
    }

    private Path projectDirectory() {
        SettingValue path = settings.get(Setting.PROJECT)
                .orElseThrow(() -> new SettingsException(
                        "no dbt project configured",
                        "set @PgTrickleProject(%s = \"...\"), the configuration parameter '%s', or"
                                        .formatted(Setting.PROJECT.attribute().orElseThrow(), Setting.PROJECT.key())
                                + " PgTrickleExtension.builder().project(...)"));
        Path directory = workingDirectory.resolve(path.text()).normalize();
        if (!Files.isDirectory(directory)) {
            throw new SettingsException(
                    "project directory '%s' (%s) does not exist; looked at %s"
                            .formatted(path.text(), path.origin(), directory),
                    "give the directory that holds dbt_project.yml, relative to the working directory %s or absolute"
                            .formatted(workingDirectory));
        }
        Path projectFile = directory.resolve("dbt_project.yml");
        if (!Files.isRegularFile(projectFile)) {
            throw new SettingsException(
                    "project directory '%s' (%s) has no dbt_project.yml; expected it at %s"
                            .formatted(path.text(), path.origin(), projectFile),
                    "point it at the directory that holds dbt_project.yml");
        }
        return directory;
    }

    private ServerSettings serverSettings() {
        settings.get(Setting.BACKEND).ifPresent(backend -> {
            try {
                BackendKind.parse(backend.text(), backend.origin());
            } catch (IllegalArgumentException e) {
                throw new SettingsException(e.getMessage(), e);
            }
        });
        SettingSource configured = key -> settings.find(key).map(SettingValue::text);
        try {
            return ServerSettings.resolve(configured, SettingSource.environment());
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
    }

    /** A YAML or JSON map as dbt's {@code --vars}, or {@code key=value} pairs (always, for a list). */
    private Map<String, Object> vars() {
        Optional<SettingValue> given = settings.get(Setting.VARS);
        if (given.isEmpty()) {
            return Map.of();
        }
        if (!given.get().givenAsList()) {
            try {
                return CommandLineVars.parse(given.get().text());
            } catch (IllegalArgumentException notAMap) {
                // not YAML: comma-separated key=value pairs, read below
            }
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String pair : given.get().items()) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new SettingsException(
                        "variable '%s' (%s) is not a key=value pair"
                                .formatted(pair, given.get().origin()),
                        "write each variable as \"key=value\"");
            }
            vars.put(
                    pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return vars;
    }

    /** The project's own scripts ({@code pgtrickle.setup-scripts.<project folder>}) win over everybody's. */
    private List<Path> setupScripts(Path project) {
        Optional<SettingValue> given = settings.get(Setting.SETUP_SCRIPTS, "." + project.getFileName())
                .or(() -> settings.get(Setting.SETUP_SCRIPTS));
        List<Path> scripts = new ArrayList<>();
        if (given.isEmpty()) {
            return scripts;
        }
        for (String script : given.get().items()) {
            Path file = SessionOptions.locateSetupScript(project, workingDirectory, script)
                    .orElseThrow(() -> new SettingsException(
                            "setup script '%s' (%s) does not exist; looked at %s"
                                    .formatted(
                                            script,
                                            given.get().origin(),
                                            project.resolve(script).normalize()),
                            "give SQL files relative to the project directory %s or absolute".formatted(project)));
            scripts.add(file);
        }
        return scripts;
    }

    private String text(Setting setting) {
        return settings.get(setting).map(SettingValue::text).orElse("");
    }
}
