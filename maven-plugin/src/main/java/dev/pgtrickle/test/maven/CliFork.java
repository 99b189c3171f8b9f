package dev.pgtrickle.test.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs {@code dev.pgtrickle.test.cli.Main} in a JVM of its own. A fork rather than a call inside Maven's JVM because
 * the command line brings its own SLF4J binding and quiet logging defaults (Maven's logging would print every initdb
 * line), exits the JVM when it is done, and leaves no embedded server or shutdown hook behind in Maven's JVM.
 *
 * @param classPath the command line's jar and its dependencies
 * @param jvmArgs extra JVM options, e.g. {@code -Xmx1g}
 * @param systemProperties passed as {@code -Dkey=value}: settings the command line has no option for
 */
record CliFork(List<Path> classPath, List<String> jvmArgs, Map<String, String> systemProperties) {

    static final String MAIN_CLASS = "dev.pgtrickle.test.cli.Main";

    /** What the command line printed and how it exited. */
    record Outcome(int exitCode, List<String> errorLines, List<String> outputLines) {

        /** The closing {@code N passed, N failed, N skipped} line, if the command got that far. */
        String summary() {
            for (int i = outputLines.size() - 1; i >= 0; i--) {
                if (outputLines.get(i).matches("\\d+ passed, \\d+ failed, \\d+ skipped")) {
                    return outputLines.get(i);
                }
            }
            return "no summary line";
        }
    }

    /**
     * Run the command line with {@code arguments} in {@code workingDir}, handing each line it prints to {@code out}
     * (standard output) or {@code err} (standard error) as it comes.
     */
    Outcome run(List<String> arguments, Path workingDir, Consumer<String> out, Consumer<String> err)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(MAIN_CLASS);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> errorLines = Collections.synchronizedList(new ArrayList<>());
        List<String> outputLines = Collections.synchronizedList(new ArrayList<>());
        Thread errors = pump(process.getErrorStream(), line -> {
            errorLines.add(line);
            err.accept(line);
        });
        try {
            pumpHere(process.getInputStream(), line -> {
                outputLines.add(line);
                out.accept(line);
            });
            int exitCode = process.waitFor();
            errors.join();
            return new Outcome(exitCode, List.copyOf(errorLines), List.copyOf(outputLines));
        } finally {
            // Interrupted (Ctrl-C in Maven, a failed parallel module): the command line stops its server on exit.
            process.destroy();
        }
    }

    private static Thread pump(InputStream stream, Consumer<String> lines) {
        Thread thread = new Thread(() -> pumpHere(stream, lines), "pgtrickle-test-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pumpHere(InputStream stream, Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.lines().forEach(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
