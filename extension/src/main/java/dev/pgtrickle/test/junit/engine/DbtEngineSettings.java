package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.engine.ProjectBuild.Phase;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.harness.settings.SettingValue;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The {@code pgtrickle-dbt} engine's settings, from configuration parameters ({@code junit-platform.properties},
 * system properties, or the launcher request). Only the engine's own keys are read here; a project's session settings
 * (backend, target, vars, selection, setup scripts, ...) go through the harness's one validation,
 * {@link #sessionOptions(Path)}. Keys and defaults are rows of the harness's key table ({@link Setting}).
 *
 * @param parameters the configuration parameters as a settings layer
 * @param projects {@link Setting#PROJECTS}: project folders
 * @param projectsRoot {@link Setting#PROJECTS_ROOT}: a folder whose sub-folders holding {@code dbt_project.yml} are
 *     projects, used when no project is configured or selected
 * @param failingRows {@link Setting#FAILING_ROWS}: how many failing rows a report shows
 * @param phases {@link Setting#PHASES}: which of seed, run, test to do
 * @param command {@link Setting#COMMAND}: the dbt command the run stands for ({@code flags.WHICH})
 * @param keep {@link Setting#KEEP}: after the tests, keep the database and wait until the JVM is stopped
 * @param compiledPath {@link Setting#COMPILED_PATH}: where to write every model's compiled SQL as dbt's
 *     {@code target/compiled} lays it out ({@code <path>/<project name>/<model file>}); empty to write nothing
 * @param artifactsPath {@link Setting#ARTIFACTS_PATH}: the folder to write dbt's {@code manifest.json} into (dbt's
 *     {@code target/}) right after the project compiles; empty to write none
 * @param shard {@link Setting#SHARD}: the share of each project's dbt tests to run
 */
record DbtEngineSettings(
        SettingLayer parameters,
        List<String> projects,
        String projectsRoot,
        int failingRows,
        Set<Phase> phases,
        String command,
        boolean keep,
        Optional<Path> compiledPath,
        Optional<Path> artifactsPath,
        DbtShard shard) {

    /**
     * Read the engine's keys.
     *
     * @throws SettingsException naming the parameter and the fix
     */
    static DbtEngineSettings from(ConfigurationParameters configuration) {
        SettingLayer parameters = SettingLayer.configurationParameters(configuration::get);
        return new DbtEngineSettings(
                parameters,
                parameters.get(Setting.PROJECTS).map(SettingValue::items).orElse(List.of()),
                parameters.get(Setting.PROJECTS_ROOT).map(SettingValue::text).orElse("src/test/dbt"),
                parameters
                        .get(Setting.FAILING_ROWS)
                        .map(SettingValue::asPositiveInt)
                        .orElse(DbtTestSuite.DEFAULT_FAILING_ROWS),
                parameters.get(Setting.PHASES).map(DbtEngineSettings::phases).orElse(EnumSet.allOf(Phase.class)),
                parameters.get(Setting.COMMAND).map(SettingValue::text).orElse("build"),
                parameters.get(Setting.KEEP).map(SettingValue::asBoolean).orElse(false),
                parameters.get(Setting.COMPILED_PATH).map(value -> Path.of(value.text())),
                parameters.get(Setting.ARTIFACTS_PATH).map(value -> Path.of(value.text())),
                parameters.get(Setting.SHARD).map(DbtShard::parse).orElse(DbtShard.ALL));
    }

    /**
     * The session options for one project folder: the folder itself, then the configuration parameters, through the
     * harness's one validation.
     *
     * @throws SettingsException naming the parameter and the fix
     */
    SessionOptions sessionOptions(Path project) {
        SettingLayer folder = SettingLayer.explicit(
                Map.of(Setting.PROJECT.key(), List.of(project.toString())), key -> "project folder");
        return SessionOptions.resolve(folder.orElse(parameters), Path.of(""));
    }

    /** The dbt node selection, blank for everything. */
    String select() {
        return parameters.get(Setting.SELECT).map(SettingValue::text).orElse("");
    }

    /** The nodes left out, blank for none. */
    String exclude() {
        return parameters.get(Setting.EXCLUDE).map(SettingValue::text).orElse("");
    }

    private static Set<Phase> phases(SettingValue value) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : value.items()) {
            try {
                phases.add(Phase.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(
                        "'%s' (%s) is not a phase".formatted(name, value.origin()), "use seed, run and/or test");
            }
        }
        return phases;
    }
}
