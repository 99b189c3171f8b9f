package dev.pgtrickle.test.harness.settings;

import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The key table: every setting a user can give pgtrickle-test, once. Each row has the configuration key
 * ({@code junit-platform.properties}, system property, launcher parameter), the deprecated spellings that still work,
 * the value type, the default, the {@code @PgTrickleProject} attribute and the command-line option that set it, and
 * what it does. Keys follow JUnit's scheme: dotted lower case, words joined by dashes ({@code pgtrickle.full-refresh});
 * keys only the {@code pgtrickle-dbt} engine reads live under {@code pgtrickle.dbt.}.
 *
 * <p>The entrances read this table instead of spelling keys themselves: the extension maps attributes and builder
 * methods to keys by {@link #attribute()}, the command line maps options by {@link #cliOptions()}, and
 * {@code docs/configuration.md} lists exactly these rows (a test checks it).
 */
public enum Setting {
    PROJECT(
            Keys.PROJECT,
            Type.PATH,
            "– (the command line: the current folder)",
            "path",
            List.of("--project"),
            "the dbt project folder (holding `dbt_project.yml`), relative to the working directory or absolute"),
    BACKEND(
            Keys.BACKEND,
            Type.BACKEND,
            "`auto`",
            "backend",
            List.of("--backend"),
            "`embedded`, `container`, `external` or `auto` (external settings if present, else Docker if available,"
                    + " else embedded)"),
    IMAGE(
            Keys.IMAGE,
            Type.TEXT,
            "`ghcr.io/trickle-labs/pg_trickle:0.67.0-pg18.3` (or `$PGTRICKLE_IMAGE`)",
            "image",
            List.of(),
            "the container image of the `container` backend"),
    CONTAINER_REUSE(
            Keys.CONTAINER_REUSE,
            Type.BOOLEAN,
            "`false`",
            "",
            List.of(),
            "let Testcontainers reuse the container across JVMs"),
    EXTERNAL_HOST(Keys.EXTERNAL_HOST, Type.TEXT, "`$PGHOST`", "", List.of(), "the external server's host"),
    EXTERNAL_PORT(Keys.EXTERNAL_PORT, Type.INTEGER, "`$PGPORT`, else 5432", "", List.of(), "its port"),
    EXTERNAL_USER(Keys.EXTERNAL_USER, Type.TEXT, "`$PGUSER`", "", List.of(), "its user"),
    EXTERNAL_PASSWORD(Keys.EXTERNAL_PASSWORD, Type.TEXT, "`$PGPASSWORD`", "", List.of(), "its password"),
    EXTERNAL_DATABASE(
            Keys.EXTERNAL_DATABASE,
            Type.TEXT,
            "`$PGDATABASE`",
            "",
            List.of(),
            "the database to connect to (never dropped)"),
    EXTERNAL_DISPOSABLE(
            Keys.EXTERNAL_DISPOSABLE,
            Type.BOOLEAN,
            "`false`",
            "",
            List.of(),
            "the external database may be changed directly when no database can be created"),
    EXTERNAL_PROFILES(
            Keys.EXTERNAL_PROFILES,
            Type.PATH,
            "–",
            "",
            List.of(),
            "a dbt `profiles.yml` to take the external connection from"),
    EXTERNAL_PROFILE(
            Keys.EXTERNAL_PROFILE, Type.TEXT, "–", "", List.of(), "the profile in that file (required with it)"),
    EXTERNAL_TARGET(
            Keys.EXTERNAL_TARGET, Type.TEXT, "the profile's target", "", List.of(), "the output of that profile"),
    TARGET(
            Keys.TARGET,
            Type.TEXT,
            "the profile's `target`",
            "target",
            List.of("--target", "-t"),
            "the `profiles.yml` output to use",
            "pgtrickle.dbt.target"),
    VARS(
            Keys.VARS,
            Type.VARS,
            "`{}`",
            "vars",
            List.of("--vars"),
            "project variables, winning over `dbt_project.yml` vars: a YAML or JSON map as dbt's `--vars`, or"
                    + " comma-separated `key=value` pairs (the attribute: one `key=value` per element)",
            "pgtrickle.dbt.vars"),
    SELECT(
            Keys.SELECT,
            Type.TEXT,
            "everything",
            "select",
            List.of("--select", "-s"),
            "the dbt node selection of models to build (every seed is loaded)",
            "pgtrickle.dbt.select"),
    EXCLUDE(
            Keys.EXCLUDE,
            Type.TEXT,
            "nothing",
            "exclude",
            List.of("--exclude"),
            "the dbt node selection to leave out",
            "pgtrickle.dbt.exclude"),
    FULL_REFRESH(
            Keys.FULL_REFRESH,
            Type.BOOLEAN,
            "`false`",
            "fullRefresh",
            List.of("--full-refresh"),
            "rebuild seeds, stream tables, incremental models and materialized views; a node's `full_refresh` config"
                    + " wins for that node",
            "pgtrickle.dbt.fullRefresh"),
    AWAIT_TIMEOUT(
            Keys.AWAIT_TIMEOUT,
            Type.DURATION,
            "`60s`",
            "awaitTimeout",
            List.of(),
            "how long to wait for stream tables to be populated (`500ms`, `60s`, `2m`, `1h` or ISO-8601 `PT1M`)"),
    ON_QUERY_CHANGE(
            Keys.ON_QUERY_CHANGE,
            Type.TEXT,
            "`recreate`",
            "onQueryChange",
            List.of(),
            "how a changed stream table query is applied when the model does not set `on_query_change`: `recreate`"
                    + " or `replace` (see query-change-detection.md)"),
    SCHEDULER_TICK(
            Keys.SCHEDULER_TICK,
            Type.DURATION,
            "`200ms`",
            "schedulerTick",
            List.of(),
            "how often the emulated pg_trickle scheduler runs (the real extension schedules itself)"),
    SETUP_SCRIPTS(
            Keys.SETUP_SCRIPTS,
            Type.PATHS,
            "none",
            "setupScripts",
            List.of("--setup-script"),
            "SQL files run in the new database before the seeds (e.g. to create sources), relative to the project"
                    + " folder or absolute; `pgtrickle.setup-scripts.<project folder>` applies to one project only",
            "pgtrickle.dbt.setupScripts"),
    RUN_DBT_TESTS(
            Keys.RUN_DBT_TESTS,
            Type.BOOLEAN,
            "`false`",
            "runDbtTests",
            List.of(),
            "`@PgTrickleProject` only: run the project's dbt tests before the first test, failing the class when one"
                    + " fails"),
    PROJECTS(
            Keys.PROJECTS,
            Type.PATHS,
            "the projects under `pgtrickle.dbt.projects-root`",
            "",
            List.of(),
            "engine only: comma-separated project folders a whole-suite run runs"),
    PROJECTS_ROOT(
            Keys.PROJECTS_ROOT,
            Type.PATH,
            "`src/test/dbt`",
            "",
            List.of(),
            "engine only: a folder whose sub-folders holding `dbt_project.yml` are projects",
            "pgtrickle.dbt.projectsRoot"),
    PHASES(
            Keys.PHASES,
            Type.LIST,
            "`seed,run,test`",
            "",
            List.of(),
            "engine only: which of seed, run and test to do (the command line sets it from the command)"),
    COMMAND(
            Keys.COMMAND,
            Type.TEXT,
            "`build`",
            "",
            List.of(),
            "engine only: the dbt command the run stands for, as models read it in `flags.WHICH` (the command line"
                    + " sets it from the command)"),
    KEEP(
            Keys.KEEP,
            Type.BOOLEAN,
            "`false`",
            "",
            List.of("--keep"),
            "engine and command line: keep the database after the tests and wait until stopped"),
    FAILING_ROWS(
            Keys.FAILING_ROWS,
            Type.INTEGER,
            "`%d`".formatted(DbtTestSuite.DEFAULT_FAILING_ROWS),
            "",
            List.of(),
            "engine only: how many failing rows a dbt test report shows",
            "pgtrickle.dbt.failingRows"),
    COMPILED_PATH(
            Keys.COMPILED_PATH,
            Type.PATH,
            "none (the command line: `<target path>/compiled`)",
            "",
            List.of(),
            "engine only: write every model's compiled SQL there, laid out as dbt's `target/compiled`",
            "pgtrickle.dbt.compiledPath"),
    ARTIFACTS_PATH(
            Keys.ARTIFACTS_PATH,
            Type.PATH,
            "none (the command line: `<project>/target`)",
            "",
            List.of(),
            "engine only: write dbt's `manifest.json` (schema v12) into that folder as soon as the project compiles"),
    DBT_ENABLED(
            Keys.DBT_ENABLED,
            Type.BOOLEAN,
            "`true`, except in a focused Surefire run (`-Dtest=` not naming `dbt.*`)",
            "",
            List.of(),
            "engine only: whether configured dbt projects join whole-suite runs; `true` or `false` decides either way"),
    SHARD(
            Keys.SHARD,
            Type.TEXT,
            "none (every dbt test)",
            "",
            List.of(),
            "engine only: `i/n` runs the i-th of n near-equal shares of each project's dbt tests (by unique id, round"
                    + " robin), to split a project over CI runners; every shard still builds all seeds and models");

    /**
     * The keys as compile-time constants, for annotations such as {@code @ConfigurationParameter(key = ...)} and the
     * public key classes of the entrances.
     */
    public static final class Keys {
        public static final String PROJECT = "pgtrickle.project";
        public static final String BACKEND = "pgtrickle.backend";
        public static final String IMAGE = "pgtrickle.image";
        public static final String CONTAINER_REUSE = "pgtrickle.container.reuse";
        public static final String EXTERNAL_HOST = "pgtrickle.external.host";
        public static final String EXTERNAL_PORT = "pgtrickle.external.port";
        public static final String EXTERNAL_USER = "pgtrickle.external.user";
        public static final String EXTERNAL_PASSWORD = "pgtrickle.external.password";
        public static final String EXTERNAL_DATABASE = "pgtrickle.external.database";
        public static final String EXTERNAL_DISPOSABLE = "pgtrickle.external.disposable";
        public static final String EXTERNAL_PROFILES = "pgtrickle.external.profiles";
        public static final String EXTERNAL_PROFILE = "pgtrickle.external.profile";
        public static final String EXTERNAL_TARGET = "pgtrickle.external.target";
        public static final String TARGET = "pgtrickle.target";
        public static final String VARS = "pgtrickle.vars";
        public static final String SELECT = "pgtrickle.select";
        public static final String EXCLUDE = "pgtrickle.exclude";
        public static final String FULL_REFRESH = "pgtrickle.full-refresh";
        public static final String AWAIT_TIMEOUT = "pgtrickle.await-timeout";
        public static final String ON_QUERY_CHANGE = "pgtrickle.on-query-change";
        public static final String SCHEDULER_TICK = "pgtrickle.scheduler-tick";
        public static final String SETUP_SCRIPTS = "pgtrickle.setup-scripts";
        public static final String RUN_DBT_TESTS = "pgtrickle.run-dbt-tests";
        public static final String PROJECTS = "pgtrickle.dbt.projects";
        public static final String PROJECTS_ROOT = "pgtrickle.dbt.projects-root";
        public static final String PHASES = "pgtrickle.dbt.phases";
        public static final String COMMAND = "pgtrickle.dbt.command";
        public static final String KEEP = "pgtrickle.dbt.keep";
        public static final String FAILING_ROWS = "pgtrickle.dbt.failing-rows";
        public static final String COMPILED_PATH = "pgtrickle.dbt.compiled-path";
        public static final String ARTIFACTS_PATH = "pgtrickle.dbt.artifacts-path";
        public static final String DBT_ENABLED = "pgtrickle.dbt.enabled";
        public static final String SHARD = "pgtrickle.dbt.shard";

        private Keys() {}
    }

    /** What a value is written as; decides how it is parsed and documented. */
    public enum Type {
        TEXT,
        BOOLEAN,
        INTEGER,
        DURATION,
        PATH,
        PATHS,
        LIST,
        VARS,
        BACKEND
    }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String attribute;
    private final List<String> cliOptions;
    private final String description;
    private final List<String> deprecatedKeys;

    Setting(
            String key,
            Type type,
            String defaultValue,
            String attribute,
            List<String> cliOptions,
            String description,
            String... deprecatedKeys) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.attribute = attribute;
        this.cliOptions = cliOptions;
        this.description = description;
        this.deprecatedKeys = List.of(deprecatedKeys);
    }

    /** The configuration key, e.g. {@code pgtrickle.full-refresh}. */
    public String key() {
        return key;
    }

    /** How the value is written. */
    public Type type() {
        return type;
    }

    /** The default, as documented (Markdown). */
    public String defaultValue() {
        return defaultValue;
    }

    /** The {@code @PgTrickleProject} attribute (and builder method) that sets it; empty when there is none. */
    public Optional<String> attribute() {
        return attribute.isEmpty() ? Optional.empty() : Optional.of(attribute);
    }

    /** The command-line options that set it, the long form first; empty when the command line has none. */
    public List<String> cliOptions() {
        return cliOptions;
    }

    /** The first command-line option, e.g. {@code --setup-script}. */
    public Optional<String> cliOption() {
        return cliOptions.stream().findFirst();
    }

    /** What it does (Markdown). */
    public String description() {
        return description;
    }

    /** Older spellings that still work and log a warning naming {@link #key()}. */
    public List<String> deprecatedKeys() {
        return deprecatedKeys;
    }

    /** The setting a command-line option sets. */
    public static Optional<Setting> byCliOption(String option) {
        return Arrays.stream(values())
                .filter(setting -> setting.cliOptions.contains(option))
                .findFirst();
    }

    /** The setting an annotation attribute (or builder method) sets. */
    public static Optional<Setting> byAttribute(String attribute) {
        return Arrays.stream(values())
                .filter(setting -> setting.attribute.equals(attribute))
                .findFirst();
    }
}
