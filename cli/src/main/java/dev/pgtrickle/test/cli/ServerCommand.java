package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code pgtrickle-test server status} and {@code pgtrickle-test server stop}: the warm embedded server that runs with
 * {@code --reuse} keep between runs. Needs no project.
 */
final class ServerCommand {

    static final String WORD = "server";
    static final String DESCRIPTION = "status or stop: the warm embedded server that --reuse keeps between runs";

    private ServerCommand() {}

    static int execute(List<String> args, PrintStream out) {
        String action = args.size() == 2 ? args.get(1) : "";
        switch (action) {
            case "status" ->
                out.println(SharedServers.warmServerStatus()
                        .map(state -> "warm server: " + state)
                        .orElse("no warm server (a run with --reuse starts one)"));
            case "stop" ->
                out.println(SharedServers.stopWarmServer()
                        .map(state -> "stopped the " + state)
                        .orElse("no warm server was running"));
            default ->
                throw new UsageException(
                        "server takes one word: 'pgtrickle-test server status' or 'pgtrickle-test server stop'");
        }
        return Main.OK;
    }
}
