package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.engine.CommandLineVars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<String> setupScripts) {

    static final String USAGE =
            """
            usage: pgtrickle-test <command> [options]

            commands:
            %s
            options:
              --project DIR        the dbt project folder (default: the current folder)
              --select SELECTOR    dbt node selection, e.g. order_totals+ or tag:daily (repeatable)
              --exclude SELECTOR   nodes to leave out (repeatable)
              --full-refresh       drop and create stream tables and seed tables
              --vars YAML          variables as a YAML or JSON map, e.g. '{start_date: 2026-01-01}'
              --target NAME        the profiles.yml output to use
              --backend KIND       embedded, container or external (default: external when PGHOST or
                                   pgtrickle.external.* is set, else container when Docker answers, else embedded)
              --target-path DIR    where the JUnit XML and JSON reports go (default: <project>/target/pgtrickle-test)
              --setup-script FILE  SQL run before the seeds, e.g. to create source tables (repeatable; relative to
                                   the project folder or the current folder)
              --keep               leave the database running, print its JDBC URL, wait for Ctrl-C
              -h, --help           this text
            """;

    /** Where every model's compiled SQL goes, as dbt's {@code target/compiled}: next to the reports. */
    Path compiledPath() {
        return targetPath.resolve("compiled");
    }

    static String usage() {
        StringBuilder commands = new StringBuilder();
        for (Command command : Command.values()) {
            commands.append("  %-12s %s%n".formatted(command.word(), command.description()));
        }
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
        Path project = workingDir;
        List<String> select = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        List<String> setupScripts = new ArrayList<>();
        boolean fullRefresh = false;
        String varsText = "";
        Optional<String> target = Optional.empty();
        Optional<String> backend = Optional.empty();
        boolean keep = false;
        Optional<Path> targetPath = Optional.empty();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            Optional<String> inline = arg.contains("=") && arg.startsWith("--")
                    ? Optional.of(arg.substring(arg.indexOf('=') + 1))
                    : Optional.empty();
            switch (option) {
                case "--project" -> project = workingDir.resolve(value(args, i, option, inline));
                case "--select", "-s" -> select.add(value(args, i, option, inline));
                case "--exclude" -> exclude.add(value(args, i, option, inline));
                case "--setup-script" -> setupScripts.add(value(args, i, option, inline));
                case "--vars" -> varsText = value(args, i, option, inline);
                case "--target", "-t" -> target = Optional.of(value(args, i, option, inline));
                case "--backend" -> backend = Optional.of(backend(value(args, i, option, inline)));
                case "--target-path" -> targetPath = Optional.of(workingDir.resolve(value(args, i, option, inline)));
                case "--full-refresh" -> fullRefresh = true;
                case "--keep" -> keep = true;
                default ->
                    throw new UsageException(
                            "unknown option '%s'; see pgtrickle-test --help for the options".formatted(arg));
            }
            if (inline.isEmpty() && takesValue(option)) {
                i++;
            }
        }
        project = project.toAbsolutePath().normalize();
        if (!Files.isDirectory(project)) {
            throw new UsageException(
                    "--project %s: no such folder; pass the folder that holds dbt_project.yml".formatted(project));
        }
        if (!Files.isRegularFile(project.resolve("dbt_project.yml"))) {
            throw new UsageException(
                    "--project %s: no dbt_project.yml there; pass the folder that holds dbt_project.yml (default: the current folder)"
                            .formatted(project));
        }
        return new CliArguments(
                command,
                project,
                String.join(" ", select),
                String.join(" ", exclude),
                fullRefresh,
                varsText,
                vars(varsText),
                target,
                backend,
                keep,
                targetPath.orElse(project.resolve("target").resolve("pgtrickle-test")),
                setupScripts(setupScripts, project, workingDir));
    }

    private static boolean takesValue(String option) {
        return switch (option) {
            case "--project",
                    "--select",
                    "-s",
                    "--exclude",
                    "--vars",
                    "--target",
                    "-t",
                    "--backend",
                    "--target-path",
                    "--setup-script" -> true;
            default -> false;
        };
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
            default -> option + " target/pgtrickle-test";
        };
    }

    /** Absolute paths of the setup scripts: under the project folder first, else under the current folder. */
    private static List<String> setupScripts(List<String> scripts, Path project, Path workingDir) {
        List<String> resolved = new ArrayList<>();
        for (String script : scripts) {
            Path inProject = project.resolve(script).normalize();
            Path inWorkingDir = workingDir.resolve(script).toAbsolutePath().normalize();
            if (Files.isRegularFile(inProject)) {
                resolved.add(inProject.toString());
            } else if (Files.isRegularFile(inWorkingDir)) {
                resolved.add(inWorkingDir.toString());
            } else {
                throw new UsageException(
                        "--setup-script %s: no such file (looked at %s and %s); give a SQL file relative to the project folder or the current folder"
                                .formatted(script, inProject, inWorkingDir));
            }
        }
        return List.copyOf(resolved);
    }

    private static String backend(String value) {
        String kind = value.toLowerCase(Locale.ROOT);
        if (!List.of("embedded", "container", "external").contains(kind)) {
            throw new UsageException(
                    "--backend %s: unknown backend; use embedded, container or external".formatted(value));
        }
        return kind;
    }

    private static Map<String, Object> vars(String text) {
        try {
            return CommandLineVars.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--vars %s: %s".formatted(text, e.getMessage()));
        }
    }
}
