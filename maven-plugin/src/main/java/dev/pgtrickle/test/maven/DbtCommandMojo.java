package dev.pgtrickle.test.maven;

import dev.pgtrickle.test.harness.settings.Setting;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A command-line command as a goal: the parameters are the command line's options, each read from the user property
 * that is its key in the settings table ({@link Setting}), so {@code -Dpgtrickle.select=order_totals+} works as in
 * {@code junit-platform.properties}. The command line runs in a JVM of its own ({@link CliFork}); its exit code 1 (a
 * node failed) and 2 (a usage or project error) fail the Maven build with its own messages.
 */
abstract class DbtCommandMojo extends AbstractMojo {

    /** The dbt project folder, holding {@code dbt_project.yml} ({@code --project}). */
    @Parameter(property = Setting.Keys.PROJECT, defaultValue = "${project.basedir}")
    File project;

    /** dbt node selection, several selectors separated by spaces ({@code --select}). */
    @Parameter(property = Setting.Keys.SELECT)
    String select;

    /** Nodes to leave out ({@code --exclude}). */
    @Parameter(property = Setting.Keys.EXCLUDE)
    String exclude;

    /** Rebuild seeds, stream tables, incremental models ({@code --full-refresh}); a node's {@code full_refresh} wins. */
    @Parameter(property = Setting.Keys.FULL_REFRESH, defaultValue = "false")
    boolean fullRefresh;

    /** Project variables as a YAML or JSON map ({@code --vars}). */
    @Parameter(property = Setting.Keys.VARS)
    String vars;

    /** The {@code profiles.yml} output to use ({@code --target}). */
    @Parameter(property = Setting.Keys.TARGET)
    String target;

    /** {@code embedded}, {@code container}, {@code external} or {@code auto} ({@code --backend}). */
    @Parameter(property = Setting.Keys.BACKEND)
    String backend;

    /** SQL files run before the seeds, relative to the project folder or the Maven module ({@code --setup-script}). */
    @Parameter(property = Setting.Keys.SETUP_SCRIPTS)
    List<String> setupScripts;

    /** Leave the database running and wait for Ctrl-C ({@code --keep}); for a developer's session, never in CI. */
    @Parameter(property = Setting.Keys.KEEP, defaultValue = "false")
    boolean keep;

    /** Where the JUnit XML and JSON reports go ({@code --target-path}). */
    @Parameter(defaultValue = "${project.build.directory}/pgtrickle-test")
    File targetPath;

    /**
     * Further settings of the key table that the command line has no option for (docs/configuration.md), e.g.
     * {@code <pgtrickle.await-timeout>2m</pgtrickle.await-timeout>}.
     */
    @Parameter
    Map<String, String> settings;

    /** Extra options for the JVM that runs the command line, e.g. {@code -Xmx1g}. */
    @Parameter(property = "pgtrickle-test.jvmArgs")
    List<String> jvmArgs;

    /** Skip this goal. */
    @Parameter(property = "pgtrickle-test.skip", defaultValue = "false")
    boolean skip;

    /** Maven's switch for all tests; this goal is a test run, so it honours it. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Maven's switch that skips compiling and running tests. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /**
     * A line the command line wrote to stderr: its warnings and errors, and the one line naming the backend, which
     * is no warning (stderr keeps it out of the progress lines that scripts read).
     */
    private void logError(String line) {
        if (line.startsWith("pgtrickle-test backend:")) {
            getLog().info(line);
        } else {
            getLog().warn(line);
        }
    }

    /** The command-line command this goal runs, e.g. {@code build}. */
    abstract String command();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipTests || mavenTestSkip) {
            getLog().info("pgtrickle-test %s skipped".formatted(command()));
            return;
        }
        CliFork fork = new CliFork(classPath(), jvmArgs == null ? List.of() : jvmArgs, forwardedSettings());
        CliFork.Outcome outcome;
        try {
            outcome = fork.run(arguments(), basedir.toPath(), getLog()::info, this::logError);
        } catch (IOException e) {
            throw new MojoExecutionException("could not start the pgtrickle-test command line: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while pgtrickle-test " + command() + " ran", e);
        }
        switch (outcome.exitCode()) {
            case 0 -> {}
            case 1 ->
                throw new MojoFailureException("pgtrickle-test %s of %s failed: %s; reports in %s"
                        .formatted(command(), project, outcome.summary(), targetPath));
            case 2 -> throw new MojoFailureException(String.join(System.lineSeparator(), messages(outcome)));
            default ->
                throw new MojoExecutionException("pgtrickle-test %s of %s ended with exit code %d: %s"
                        .formatted(command(), project, outcome.exitCode(), String.join(" | ", lastLines(outcome))));
        }
    }

    /** The command line's arguments: the command, then one option (or flag) per value given. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of(command()));
        options().forEach((setting, values) -> {
            String option = setting.cliOption().orElseThrow();
            for (String value : values) {
                if (setting.type() == Setting.Type.BOOLEAN) {
                    if (Boolean.parseBoolean(value)) {
                        arguments.add(option);
                    }
                } else {
                    arguments.add(option);
                    arguments.add(value);
                }
            }
        });
        arguments.add("--target-path");
        arguments.add(targetPath.getAbsolutePath());
        return arguments;
    }

    /** The options these parameters give, by the setting they set; unset ones are left out. */
    Map<Setting, List<String>> options() {
        Map<Setting, List<String>> options = new EnumMap<>(Setting.class);
        put(options, Setting.PROJECT, project == null ? null : project.getAbsolutePath());
        put(options, Setting.SELECT, select);
        put(options, Setting.EXCLUDE, exclude);
        put(options, Setting.FULL_REFRESH, Boolean.toString(fullRefresh));
        put(options, Setting.VARS, vars);
        put(options, Setting.TARGET, target);
        put(options, Setting.BACKEND, backend);
        if (setupScripts != null) {
            setupScripts.forEach(script -> put(options, Setting.SETUP_SCRIPTS, script));
        }
        put(options, Setting.KEEP, Boolean.toString(keep));
        return options;
    }

    private static void put(Map<Setting, List<String>> options, Setting setting, String value) {
        if (value != null && !value.isBlank()) {
            options.computeIfAbsent(setting, key -> new ArrayList<>()).add(value.trim());
        }
    }

    /**
     * The {@code settings} parameter and every {@code pgtrickle.*} user property (Maven makes them system
     * properties), as system properties of the command line's JVM. A key outside the table is an error naming it.
     */
    Map<String, String> forwardedSettings() throws MojoExecutionException {
        Map<String, String> forwarded = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("pgtrickle."))
                .sorted()
                .forEach(key -> forwarded.put(key, System.getProperty(key)));
        if (settings != null) {
            for (Map.Entry<String, String> entry : settings.entrySet()) {
                checkSettingKey(entry.getKey());
                forwarded.put(entry.getKey(), Objects.requireNonNullElse(entry.getValue(), ""));
            }
        }
        return forwarded;
    }

    private static void checkSettingKey(String key) throws MojoExecutionException {
        for (Setting setting : Setting.values()) {
            boolean exact =
                    key.equals(setting.key()) || setting.deprecatedKeys().contains(key);
            if (exact && setting.cliOption().isPresent()) {
                throw new MojoExecutionException("<settings><%s>: use the parameter for %s instead (<%s>)"
                        .formatted(key, setting.cliOption().get(), parameterName(setting)));
            }
            // pgtrickle.setup-scripts.<project folder>: the scripts of one project among several.
            if (exact || (setting == Setting.SETUP_SCRIPTS && key.startsWith(setting.key() + "."))) {
                return;
            }
        }
        throw new MojoExecutionException(
                "<settings><%s>: not a pgtrickle-test setting; docs/configuration.md lists the keys, e.g. %s"
                        .formatted(key, Setting.AWAIT_TIMEOUT.key()));
    }

    /** The parameter that mirrors a command-line option: {@code --full-refresh} is {@code fullRefresh}. */
    static String parameterName(Setting setting) {
        String[] words = setting.cliOption().orElseThrow().substring(2).split("-");
        String name = words[0]
                + Arrays.stream(words, 1, words.length)
                        .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                        .collect(Collectors.joining());
        return setting == Setting.SETUP_SCRIPTS ? name + "s" : name;
    }

    /** The command line's class path: this plugin's dependencies, as Maven resolved them. */
    List<Path> classPath() {
        return plugin.getArtifacts().stream()
                .map(Artifact::getFile)
                .filter(Objects::nonNull)
                .map(File::toPath)
                .toList();
    }

    /** The command line's own error lines ({@code pgtrickle-test: ...}), else everything it wrote to stderr. */
    private static List<String> messages(CliFork.Outcome outcome) {
        List<String> own = outcome.errorLines().stream()
                .filter(line -> line.startsWith("pgtrickle-test"))
                .toList();
        return own.isEmpty() ? outcome.errorLines() : own;
    }

    private static List<String> lastLines(CliFork.Outcome outcome) {
        List<String> lines = outcome.errorLines();
        return lines.subList(Math.max(0, lines.size() - 10), lines.size());
    }
}
