package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.engine.CommandLineVars;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.harness.settings.SettingValue;
import dev.pgtrickle.test.harness.upgrade.StateSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line.
 *
 * @param command what to do
 * @param project the dbt project folder (absolute)
 * @param select dbt node selection ({@code --select}, several words joined by spaces)
 * @param exclude {@code --exclude}
 * @param fullRefresh {@code --full-refresh}
 * @param varsText {@code --vars} as given
 * @param vars {@code --vars} parsed
 * @param target {@code --target}: the profile output
 * @param backend {@code --backend}: embedded, container or external
 * @param keep {@code --keep}: leave the database running and wait for Ctrl-C
 * @param targetPath where reports go (default {@code <project>/target/pgtrickle-test})
 * @param setupScripts {@code --setup-script}: SQL files run in the new database before the seeds, relative to the
 *     project folder or the current folder
 * @param upgrade the {@code upgrade} command's own options ({@link UpgradeArguments#NONE} for the others)
 * @param reuse {@code --reuse}: run on the warm embedded server kept between runs (started when there is none)
 */
record CliArguments(
        Command command,
        Path project,
        String select,
        String exclude,
        boolean fullRefresh,
        String varsText,
        Map<String, Object> vars,
        Optional<String> target,
        Optional<String> backend,
        boolean keep,
        Path targetPath,
        List<String> setupScripts,
        UpgradeArguments upgrade,
        boolean reuse) {

    static final String USAGE =
            """
            usage: pgtrickle-test <command> [options]

            commands:
            %s
            options:
              --project DIR        the dbt project folder (default: the current folder)
              --select SELECTOR    dbt node selection, e.g. order_totals+ or tag:daily (repeatable)
              --exclude SELECTOR   nodes to leave out (repeatable)
              --full-refresh       rebuild seeds, stream tables, incremental models and materialized views (a node's
                       full_refresh config wins for that node)
              --vars YAML          variables as a YAML or JSON map, e.g. '{start_date: 2026-01-01}'
              --target NAME        the profiles.yml output to use
              --backend KIND       embedded, container or external (default: external when PGHOST or
                                   pgtrickle.external.* is set, else container when Docker answers, else embedded)
              --target-path DIR    where the JUnit XML and JSON reports go (default: <project>/target/pgtrickle-test)
              --setup-script FILE  SQL run before the seeds, e.g. to create source tables (repeatable; relative to
                                   the project folder or the current folder)
              --keep               leave the database running, print its JDBC URL, wait for Ctrl-C
              --reuse              use the warm embedded server kept between runs (started if none runs; a fresh
                                   database each run); for local edit-run loops, not CI. It stops after 2 hours
                                   unused or with: pgtrickle-test server stop (server status shows it)

            upgrade options:
              --baseline DIR       the baseline version of the project: a folder holding its dbt_project.yml
                                   (also for build, seed, run, test and ls with --select state:modified+)
              --baseline-ref REF   the baseline: the project folder at a git branch, tag or commit
              --expect-recreate M  fail unless model M is RECREATED (repeatable)
              --fail-on-recreate   fail when any other stream table is RECREATED (a gap in the data)
              -h, --help           this text
            """;

    /** Where every model's compiled SQL goes, as dbt's {@code target/compiled}: next to the reports. */
    /** dbt's target folder, {@code <project>/target}: where dbt tools look for manifest.json and run_results.json. */
    Path dbtTarget() {
        return project.resolve("target");
    }

    Path compiledPath() {
        return targetPath.resolve("compiled");
    }

    static String usage() {
        StringBuilder commands = new StringBuilder();
        for (Command command : Command.values()) {
            commands.append("  %-12s %s%n".formatted(command.word(), command.description()));
        }
        commands.append("  %-12s %s%n".formatted(ServerCommand.WORD, ServerCommand.DESCRIPTION));
        return USAGE.formatted(commands.toString().stripTrailing());
    }

    /** Parse {@code args}; relative paths are resolved against {@code workingDir}. */
    static CliArguments parse(List<String> args, Path workingDir) {
        if (args.isEmpty()) {
            throw new UsageException("no command given; use one of: " + Command.words());
        }
        Command command = Command.find(args.get(0))
                .orElseThrow(() -> new UsageException(
                        "unknown command '%s'; use one of: %s".formatted(args.get(0), Command.words())));
        // Options are settings of the key table (looked up by their spelling there); --target-path is the command
        // line's own.
        Map<Setting, List<String>> given = new EnumMap<>(Setting.class);
        Optional<Path> targetPath = Optional.empty();
        boolean reuse = false;
        Map<String, List<String>> upgradeOptions = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            Optional<String> inline = arg.contains("=") && arg.startsWith("--")
                    ? Optional.of(arg.substring(arg.indexOf('=') + 1))
                    : Optional.empty();
            Optional<Setting> setting = Setting.byCliOption(option);
            if (option.equals(TARGET_PATH)) {
                targetPath = Optional.of(workingDir.resolve(value(args, i, option, inline)));
            } else if (arg.equals(REUSE)) {
                reuse = true;
            } else if (UpgradeArguments.ALL.contains(option)) {
                String value = UpgradeArguments.WITH_VALUE.contains(option) ? value(args, i, option, inline) : "true";
                upgradeOptions.computeIfAbsent(option, key -> new ArrayList<>()).add(value);
            } else if (setting.isEmpty()) {
                throw new UsageException(
                        "unknown option '%s'; see pgtrickle-test --help for the options".formatted(arg));
            } else {
                String value = isFlag(setting.get()) ? "true" : value(args, i, option, inline);
                if (setting.get() == Setting.BACKEND) {
                    value = backend(value);
                }
                given.computeIfAbsent(setting.get(), key -> new ArrayList<>()).add(value);
            }
            if (inline.isEmpty() && takesValue(option)) {
                i++;
            }
        }
        Path project = workingDir
                .resolve(last(given, Setting.PROJECT).orElse(""))
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(project)) {
            throw new UsageException(
                    "--project %s: no such folder; pass the folder that holds dbt_project.yml".formatted(project));
        }
        if (!Files.isRegularFile(project.resolve("dbt_project.yml"))) {
            throw new UsageException(
                    "--project %s: no dbt_project.yml there; pass the folder that holds dbt_project.yml (default: the current folder)"
                            .formatted(project));
        }
        String varsText = last(given, Setting.VARS).orElse("");
        UpgradeArguments upgrade = upgrade(upgradeOptions, workingDir);
        String select = String.join(" ", given.getOrDefault(Setting.SELECT, List.of()));
        String exclude = String.join(" ", given.getOrDefault(Setting.EXCLUDE, List.of()));
        upgrade.check(
                command,
                List.copyOf(upgradeOptions.keySet()),
                StateSelection.uses(select) || StateSelection.uses(exclude));
        return new CliArguments(
                command,
                project,
                select,
                exclude,
                given.containsKey(Setting.FULL_REFRESH),
                varsText,
                vars(varsText),
                last(given, Setting.TARGET),
                last(given, Setting.BACKEND),
                given.containsKey(Setting.KEEP),
                targetPath.orElse(project.resolve("target").resolve("pgtrickle-test")),
                setupScripts(given.getOrDefault(Setting.SETUP_SCRIPTS, List.of()), project, workingDir),
                upgrade,
                reuse(reuse, last(given, Setting.BACKEND)));
    }

    /** {@code --reuse} keeps an embedded server: with another backend chosen explicitly it is a usage error. */
    private static boolean reuse(boolean reuse, Optional<String> backend) {
        if (reuse
                && backend.filter(kind -> !kind.equals("embedded") && !kind.equals("auto"))
                        .isPresent()) {
            throw new UsageException(("--reuse keeps a warm embedded server; it does not go with --backend %s (for a"
                            + " container, Testcontainers' own reuse: -Dpgtrickle.container.reuse=true)")
                    .formatted(backend.get()));
        }
        return reuse;
    }

    private static UpgradeArguments upgrade(Map<String, List<String>> options, Path workingDir) {
        if (options.isEmpty()) {
            return UpgradeArguments.NONE;
        }
        Optional<String> baseline = lastOf(options.get(UpgradeArguments.BASELINE));
        return new UpgradeArguments(
                baseline.map(
                        folder -> workingDir.resolve(folder).toAbsolutePath().normalize()),
                lastOf(options.get(UpgradeArguments.BASELINE_REF)),
                options.getOrDefault(UpgradeArguments.EXPECT_RECREATE, List.of()),
                options.containsKey(UpgradeArguments.FAIL_ON_RECREATE));
    }

    private static Optional<String> lastOf(List<String> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** These arguments with another selection (a {@code state:} selection expanded into model names). */
    CliArguments withSelection(String select, String exclude) {
        return new CliArguments(
                command,
                project,
                select,
                exclude,
                fullRefresh,
                varsText,
                vars,
                target,
                backend,
                keep,
                targetPath,
                setupScripts,
                upgrade,
                reuse);
    }

    /**
     * The session and engine settings this command line gives, by key: what {@code build}/{@code seed}/{@code run}/
     * {@code test} pass to the {@code pgtrickle-dbt} engine and the operations resolve directly.
     */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(Setting.PROJECT.key(), project.toString());
        settings.put(Setting.SELECT.key(), select);
        settings.put(Setting.EXCLUDE.key(), exclude);
        settings.put(Setting.FULL_REFRESH.key(), Boolean.toString(fullRefresh));
        settings.put(Setting.VARS.key(), varsText);
        settings.put(Setting.KEEP.key(), Boolean.toString(keep));
        settings.put(Setting.SETUP_SCRIPTS.key(), String.join(",", setupScripts));
        settings.put(Setting.COMPILED_PATH.key(), compiledPath().toString());
        settings.put(Setting.ARTIFACTS_PATH.key(), dbtTarget().toString());
        target.ifPresent(value -> settings.put(Setting.TARGET.key(), value));
        backend.ifPresent(value -> settings.put(Setting.BACKEND.key(), value));
        return settings;
    }

    /** As {@link #settings()}, as a layer whose values name the option that set them. */
    SettingLayer layer() {
        Map<String, String> settings = settings();
        return key -> Optional.ofNullable(settings.get(key))
                .filter(value -> !value.isBlank())
                .map(value -> SettingValue.ofText(value, origin(key)));
    }

    private static String origin(String key) {
        return Arrays.stream(Setting.values())
                .filter(setting -> setting.key().equals(key))
                .findFirst()
                .flatMap(Setting::cliOption)
                .map(option -> "option " + option)
                .orElse("the command line");
    }

    private static final String TARGET_PATH = "--target-path";
    static final String REUSE = "--reuse";

    private static boolean isFlag(Setting setting) {
        return setting.type() == Setting.Type.BOOLEAN;
    }

    private static boolean takesValue(String option) {
        return option.equals(TARGET_PATH)
                || UpgradeArguments.WITH_VALUE.contains(option)
                || Setting.byCliOption(option)
                        .filter(setting -> !isFlag(setting))
                        .isPresent();
    }

    private static Optional<String> last(Map<Setting, List<String>> given, Setting setting) {
        List<String> values = given.getOrDefault(setting, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private static String value(List<String> args, int i, String option, Optional<String> inline) {
        if (inline.isPresent()) {
            return inline.get();
        }
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException("option %s needs a value, e.g. %s".formatted(option, example(option)));
        }
        return args.get(i + 1);
    }

    private static String example(String option) {
        return switch (option) {
            case "--project" -> "--project examples/projects/order_totals";
            case "--select", "-s", "--exclude" -> option + " order_totals";
            case "--vars" -> "--vars '{start_date: 2026-01-01}'";
            case "--target", "-t" -> option + " default";
            case "--backend" -> "--backend embedded";
            case "--setup-script" -> "--setup-script setup/create_sources.sql";
            case "--baseline" -> "--baseline ../shop_analytics_v1";
            case "--baseline-ref" -> "--baseline-ref main";
            case "--expect-recreate" -> "--expect-recreate region_revenue";
            default -> option + " target/pgtrickle-test";
        };
    }

    /** Absolute paths of the setup scripts, by the harness's one rule: the project folder, else the current folder. */
    private static List<String> setupScripts(List<String> scripts, Path project, Path workingDir) {
        List<String> resolved = new ArrayList<>();
        for (String script : scripts) {
            resolved.add(SessionOptions.locateSetupScript(project, workingDir, script)
                    .map(Path::toString)
                    .orElseThrow(() -> new UsageException(
                            "--setup-script %s: no such file (looked at %s and %s); give a SQL file relative to the project folder or the current folder"
                                    .formatted(
                                            script,
                                            project.resolve(script).normalize(),
                                            workingDir
                                                    .resolve(script)
                                                    .toAbsolutePath()
                                                    .normalize()))));
        }
        return List.copyOf(resolved);
    }

    /** One parse of a backend name (BackendKind's); the command line's message lists the explicit choices. */
    private static String backend(String value) {
        try {
            return BackendKind.parse(value, "--backend").name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--backend %s: unknown backend; use %s".formatted(value, explicitBackends()));
        }
    }

    private static String explicitBackends() {
        List<String> names = Arrays.stream(BackendKind.values())
                .filter(kind -> kind != BackendKind.AUTO)
                .map(kind -> kind.name().toLowerCase(Locale.ROOT))
                .toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static Map<String, Object> vars(String text) {
        try {
            return CommandLineVars.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--vars %s: %s".formatted(text, e.getMessage()));
        }
    }
}
