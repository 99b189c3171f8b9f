package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.materialize.QueryChangeStrategy;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SettingSource;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.harness.settings.SettingValue;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link ProjectSession} opens a dbt project: where it is, which server, target and vars, what a run selects, and
 * how long to wait for stream tables. Build with {@link #builder(Path)}.
 *
 * @param projectDir the folder holding {@code dbt_project.yml}
 * @param server the backend choice
 * @param target the {@code profiles.yml} output to use; empty for the profile's default target
 * @param vars command-line vars ({@code --vars}), winning over {@code dbt_project.yml} vars
 * @param env the environment {@code env_var()} reads
 * @param select the default selection of {@link ProjectSession#run()} (blank = everything)
 * @param exclude the default {@code --exclude}
 * @param fullRefresh whether {@link ProjectSession#run()} and {@link ProjectSession#seed()} are full refreshes
 * @param awaitTimeout how long {@link ProjectSession#awaitPopulated()} waits
 * @param setupScripts SQL files run in the new database before seeds (e.g. sources that are not seeds); relative
 *     paths are resolved against the project folder
 * @param onQueryChange how a changed stream table query is applied when the model does not set {@code on_query_change}
 * @param schedulerTick how often the emulated pg_trickle scheduler runs (ignored with the real extension)
 */
public record SessionOptions(
        Path projectDir,
        ServerSettings server,
        Optional<String> target,
        Map<String, Object> vars,
        Map<String, String> env,
        String select,
        String exclude,
        boolean fullRefresh,
        Duration awaitTimeout,
        List<Path> setupScripts,
        QueryChangeStrategy onQueryChange,
        Duration schedulerTick) {

    public SessionOptions {
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(target, "target");
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        env = Map.copyOf(env);
        select = select == null ? "" : select;
        exclude = exclude == null ? "" : exclude;
        Objects.requireNonNull(awaitTimeout, "awaitTimeout");
        if (awaitTimeout.isNegative() || awaitTimeout.isZero()) {
            throw new IllegalArgumentException("awaitTimeout must be positive, got " + awaitTimeout);
        }
        setupScripts = List.copyOf(setupScripts);
        Objects.requireNonNull(onQueryChange, "onQueryChange");
        Objects.requireNonNull(schedulerTick, "schedulerTick");
    }

    /**
     * Validate layered settings (annotation, builder, options, configuration parameters, in precedence order) into
     * options; the one place that checks project folder, backend, vars, booleans, durations and setup scripts.
     *
     * @param settings the layers, highest precedence first
     * @param workingDirectory what a relative project folder (and, second, a setup script) is relative to
     * @throws SettingsException naming the value, where it was written and the fix; nothing is created before
     */
    public static SessionOptions resolve(SettingLayer settings, Path workingDirectory) {
        return new Resolver(settings, workingDirectory).resolve();
    }

    /**
     * The one rule for where a setup script is: absolute as written; relative to the project folder; else relative to
     * the working directory.
     */
    public static Optional<Path> locateSetupScript(Path projectDir, Path workingDirectory, String script) {
        for (Path candidate : List.of(projectDir.resolve(script), workingDirectory.resolve(script))) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** Options for the project in {@code projectDir} with every default. */
    public static Builder builder(Path projectDir) {
        return new Builder(projectDir);
    }

    /** A copy with another default selection. */
    public SessionOptions withSelect(String select) {
        return new SessionOptions(
                projectDir,
                server,
                target,
                vars,
                env,
                select,
                exclude,
                fullRefresh,
                awaitTimeout,
                setupScripts,
                onQueryChange,
                schedulerTick);
    }

    /** Builds {@link SessionOptions}. */
    public static final class Builder {
        private final Path projectDir;
        private ServerSettings server = ServerSettings.defaults();
        private String target;
        private Map<String, Object> vars = Map.of();
        private Map<String, String> env = System.getenv();
        private String select = "";
        private String exclude = "";
        private boolean fullRefresh;
        private Duration awaitTimeout = Duration.ofSeconds(60);
        private List<Path> setupScripts = List.of();
        private QueryChangeStrategy onQueryChange = QueryChangeStrategy.RECREATE;
        private Duration schedulerTick = ProjectDatabase.DEFAULT_TICK;

        private Builder(Path projectDir) {
            this.projectDir = Objects.requireNonNull(projectDir, "projectDir");
        }

        /** The backend choice (default {@link ServerSettings#defaults()}). */
        public Builder server(ServerSettings server) {
            this.server = server;
            return this;
        }

        /** The {@code profiles.yml} output (default: the profile's {@code target}). */
        public Builder target(String target) {
            this.target = target == null || target.isBlank() ? null : target;
            return this;
        }

        /** Command-line vars. */
        public Builder vars(Map<String, ?> vars) {
            this.vars = new LinkedHashMap<>(vars);
            return this;
        }

        /** The environment {@code env_var()} reads (default: the process environment). */
        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        /** The default selection of a run. */
        public Builder select(String select) {
            this.select = select;
            return this;
        }

        /** The default exclusion of a run. */
        public Builder exclude(String exclude) {
            this.exclude = exclude;
            return this;
        }

        /** Whether runs and seeds are full refreshes. */
        public Builder fullRefresh(boolean fullRefresh) {
            this.fullRefresh = fullRefresh;
            return this;
        }

        /** How long to wait for stream tables (default 60 s). */
        public Builder awaitTimeout(Duration awaitTimeout) {
            this.awaitTimeout = awaitTimeout;
            return this;
        }

        /** SQL files run before seeds. */
        public Builder setupScripts(List<Path> setupScripts) {
            this.setupScripts = setupScripts;
            return this;
        }

        /** How a changed stream table query is applied (default {@link QueryChangeStrategy#RECREATE}). */
        public Builder onQueryChange(QueryChangeStrategy onQueryChange) {
            this.onQueryChange = onQueryChange;
            return this;
        }

        /** How often the emulated scheduler ticks (default {@link ProjectDatabase#DEFAULT_TICK}). */
        public Builder schedulerTick(Duration schedulerTick) {
            this.schedulerTick = schedulerTick;
            return this;
        }

        public SessionOptions build() {
            return new SessionOptions(
                    projectDir,
                    server,
                    Optional.ofNullable(target),
                    vars,
                    env,
                    select,
                    exclude,
                    fullRefresh,
                    awaitTimeout,
                    setupScripts,
                    onQueryChange,
                    schedulerTick);
        }
    }

    /**
     * The one validation of session settings, whichever entrance wrote them: project folder, backend, vars, booleans,
     * durations and setup scripts. It touches nothing but the file system (to check that the project and the scripts
     * exist), so a bad setting fails before any database is created, with a {@link SettingsException} naming the value's
     * origin.
     */
    private static final class Resolver {

        private final SettingLayer settings;
        private final Path workingDirectory;

        Resolver(SettingLayer settings, Path workingDirectory) {
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
            settings.get(Setting.ON_QUERY_CHANGE)
                    .map(value -> value.asEnum(QueryChangeStrategy.class, "query change strategy"))
                    .ifPresent(options::onQueryChange);
            settings.get(Setting.SCHEDULER_TICK)
                    .map(value -> value.asDuration("scheduler tick"))
                    .ifPresent(options::schedulerTick);
            return options.build();
        }

        private Path projectDirectory() {
            SettingValue path = settings.get(Setting.PROJECT)
                    .orElseThrow(() -> new SettingsException(
                            "no dbt project configured",
                            "set @PgTrickleProject(%s = \"...\"), the configuration parameter '%s', or"
                                            .formatted(
                                                    Setting.PROJECT.attribute().orElseThrow(), Setting.PROJECT.key())
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
                        pair.substring(0, equals).trim(),
                        pair.substring(equals + 1).trim());
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
}
