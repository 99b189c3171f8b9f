package dev.pgtrickle.test.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One command line run in this JVM through {@link Main#run}, its standard output and error captured (the tests that
 * need a real process, its exit and its shutdown hooks, use {@link CliProcess}).
 */
final class InProcessCli {

    private InProcessCli() {}

    /** The exit code and the captured output of one run. */
    record Outcome(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** Standard output and error together, for assertion descriptions. */
        String all() {
            return out + err;
        }
    }

    /** Run {@code args} with relative paths (and the default project) resolved against {@code workingDir}. */
    static Outcome run(Path workingDir, String... args) {
        return run(workingDir, List.of(args));
    }

    /** Run {@code args} with relative paths (and the default project) resolved against {@code workingDir}. */
    static Outcome run(Path workingDir, List<String> args) {
        return run(workingDir, Optional.empty(), args);
    }

    /** {@link #run(Path, List)} with the upgrade check's temporary copy made in {@code upgradeFolderParent}. */
    static Outcome run(Path workingDir, Optional<Path> upgradeFolderParent, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = Main.run(args, workingDir, upgradeFolderParent, o, e);
        }
        return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
