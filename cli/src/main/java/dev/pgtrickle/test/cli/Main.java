package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.project.ProjectProblem;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code pgtrickle-test <command> [options]}: exit code 0 when everything passed, 1 when a seed, model, dbt test or
 * operation failed, 2 for a usage or project error (the message names the option or file and the fix).
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE_ERROR = 2;

    private Main() {}

    public static void main(String[] args) {
        SharedServers.oneProjectPerJvm();
        stopIdleWarmServer();
        int exitCode = run(List.of(args), Path.of("").toAbsolutePath(), System.out, System.err);
        // Stop the server here, in order, rather than in the JVM's shutdown hooks where its clean-up races others.
        SharedServers.stopAll();
        System.exit(exitCode);
    }

    /** A warm server ({@code --reuse}) unused for hours is stopped by whichever command runs next. */
    private static void stopIdleWarmServer() {
        try {
            SharedServers.stopIdleWarmServer();
        } catch (RuntimeException e) {
            System.err.println("pgtrickle-test: could not stop the idle warm server: " + e.getMessage());
        }
    }

    /**
     * Run one command line.
     *
     * @param args the arguments after the program name
     * @param workingDir what relative paths (and the default project) are resolved against
     * @return the exit code
     */
    public static int run(List<String> args, Path workingDir, PrintStream out, PrintStream err) {
        return run(args, workingDir, Optional.empty(), out, err);
    }

    /**
     * As {@link #run(List, Path, PrintStream, PrintStream)}, with the upgrade check's temporary copy of the baseline
     * made in {@code upgradeFolderParent} instead of {@code java.io.tmpdir} (for tests, which check that nothing is left
     * behind in a folder of their own rather than in the one every run on the machine shares).
     */
    static int run(
            List<String> args, Path workingDir, Optional<Path> upgradeFolderParent, PrintStream out, PrintStream err) {
        if (args.contains("-h") || args.contains("--help") || args.contains("help")) {
            out.print(CliArguments.usage());
            return OK;
        }
        try {
            if (!args.isEmpty() && args.get(0).equals(ServerCommand.WORD)) {
                return ServerCommand.execute(args, out);
            }
            CliArguments arguments = CliArguments.parse(args, workingDir);
            SharedServers.reuseWarmServer(arguments.reuse());
            return switch (arguments.command()) {
                case BUILD, SEED, RUN, TEST ->
                    SlimSelection.apply(arguments, out)
                            .map(slim -> TestRunCommand.execute(slim, out, err))
                            .orElseGet(() -> SlimSelection.nothingToDo(out));
                case SNAPSHOT -> TestRunCommand.execute(snapshots(arguments), out, err);
                case LS ->
                    SlimSelection.apply(arguments, out)
                            .map(slim -> ListCommand.execute(slim, out))
                            .orElseGet(() -> SlimSelection.nothingToDo(out));
                case REFRESH, FRESHNESS, CDC_HEALTH, DROP_ALL -> OperationCommand.execute(arguments, out, err);
                case UPGRADE -> UpgradeCommand.execute(arguments, upgradeFolderParent, out, err);
            };
        } catch (RuntimeException e) {
            if (!(e instanceof ProjectProblem)) {
                throw e;
            }
            err.println("pgtrickle-test: " + e.getMessage());
            if (args.isEmpty()) {
                err.println();
                err.print(CliArguments.usage());
            }
            return USAGE_ERROR;
        }
    }

    /**
     * {@code snapshot}: dbt's command builds only snapshots, over relations an earlier run left; every run here starts
     * in an empty database, so the snapshots come with what they read ({@code +}), as {@code run} comes with the seeds.
     */
    static CliArguments snapshots(CliArguments arguments) {
        String select = arguments.select().isBlank()
                ? "+resource_type:snapshot"
                : Arrays.stream(arguments.select().trim().split("\\s+"))
                        .map(term -> term.startsWith("+") ? term : "+" + term)
                        .collect(Collectors.joining(" "));
        return arguments.withSelection(select, arguments.exclude());
    }
}
