package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.engine.CommandLineVars;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SettingSource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The {@code pgtrickle-dbt} engine's settings, from configuration parameters ({@code junit-platform.properties},
 * system properties, or the launcher request).
 *
 * @param projects {@value #PROJECTS}: comma-separated project folders
 * @param projectsRoot {@value #PROJECTS_ROOT}: a folder whose sub-folders holding {@code dbt_project.yml} are projects
 *     (default {@code src/test/dbt}), used when no project is configured or selected
 * @param select {@value #SELECT}: dbt node selection
 * @param exclude {@value #EXCLUDE}
 * @param fullRefresh {@value #FULL_REFRESH}
 * @param vars {@value #VARS}: a YAML or JSON map, like dbt's {@code --vars}
 * @param target {@value #TARGET}: the profile target
 * @param server the backend, from {@value #BACKEND} and the other {@code pgtrickle.*} server settings
 * @param failingRows {@value #FAILING_ROWS}: how many failing rows a report shows (default 10)
 * @param phases {@value #PHASES}: which of seed, run, test to do (default all three)
 * @param keep {@value #KEEP}: after the tests, keep the database and wait until the JVM is stopped
 * @param setupScripts SQL files run in a project's new database before its seeds, relative to the project folder:
 *     {@value #SETUP_SCRIPTS}{@code .<project folder name>} for one project, else {@value #SETUP_SCRIPTS} for every
 *     project (comma-separated); given the project folder's name, returns its scripts
 * @param compiledPath {@value #COMPILED_PATH}: where to write every model's compiled SQL as dbt's
 *     {@code target/compiled} lays it out ({@code <path>/<project name>/<model file>}); empty to write nothing
 */
record DbtEngineSettings(
        List<String> projects,
        String projectsRoot,
        String select,
        String exclude,
        boolean fullRefresh,
        Map<String, Object> vars,
        Optional<String> target,
        ServerSettings server,
        int failingRows,
        Set<Phase> phases,
        boolean keep,
        Function<String, List<String>> setupScripts,
        Optional<Path> compiledPath) {

    static final String PROJECTS = "pgtrickle.dbt.projects";
    static final String PROJECTS_ROOT = "pgtrickle.dbt.projectsRoot";
    static final String SELECT = "pgtrickle.dbt.select";
    static final String EXCLUDE = "pgtrickle.dbt.exclude";
    static final String FULL_REFRESH = "pgtrickle.dbt.fullRefresh";
    static final String VARS = "pgtrickle.dbt.vars";
    static final String TARGET = "pgtrickle.dbt.target";
    static final String BACKEND = "pgtrickle.backend";
    static final String FAILING_ROWS = "pgtrickle.dbt.failingRows";
    static final String PHASES = "pgtrickle.dbt.phases";
    static final String KEEP = "pgtrickle.dbt.keep";
    static final String SETUP_SCRIPTS = "pgtrickle.dbt.setupScripts";
    static final String COMPILED_PATH = "pgtrickle.dbt.compiledPath";

    /** What a project run does. */
    enum Phase {
        SEED,
        RUN,
        TEST
    }

    static DbtEngineSettings from(ConfigurationParameters parameters) {
        return new DbtEngineSettings(
                list(parameters.get(PROJECTS).orElse("")),
                parameters.get(PROJECTS_ROOT).orElse("src/test/dbt"),
                parameters.get(SELECT).orElse(""),
                parameters.get(EXCLUDE).orElse(""),
                parameters.getBoolean(FULL_REFRESH).orElse(false),
                vars(parameters.get(VARS).orElse("")),
                parameters.get(TARGET).filter(value -> !value.isBlank()),
                ServerSettings.resolve(
                        key -> parameters.get(key).filter(value -> !value.isBlank()), SettingSource.environment()),
                parameters
                        .get(FAILING_ROWS)
                        .map(value -> positive(value, FAILING_ROWS))
                        .orElse(10),
                phases(parameters.get(PHASES).orElse("seed,run,test")),
                parameters.getBoolean(KEEP).orElse(false),
                folder -> list(parameters
                        .get(SETUP_SCRIPTS + "." + folder)
                        .or(() -> parameters.get(SETUP_SCRIPTS))
                        .orElse("")),
                parameters.get(COMPILED_PATH).filter(value -> !value.isBlank()).map(Path::of));
    }

    /** dbt's {@code --vars}: a YAML (or JSON, which is YAML) mapping. */
    static Map<String, Object> vars(String text) {
        try {
            return CommandLineVars.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "configuration parameter %s=%s: %s".formatted(VARS, text, e.getMessage()), e);
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static int positive(String value, String key) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                "configuration parameter %s=%s: expected a positive whole number".formatted(key, value));
    }

    private static Set<Phase> phases(String value) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : list(value)) {
            try {
                phases.add(Phase.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "configuration parameter %s=%s: '%s' is not a phase; use seed, run and/or test"
                                .formatted(PHASES, value, name),
                        e);
            }
        }
        return phases;
    }
}
