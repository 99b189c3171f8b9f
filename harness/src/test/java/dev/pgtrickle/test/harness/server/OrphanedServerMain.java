package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Run in a child JVM by {@link StrayProcessTests}: starts an embedded server, reports its work folder and postmaster
 * process id on standard output, then waits: to be killed, or, with the argument {@code exit}, for a line on standard
 * input, after which it exits normally so that the shutdown hooks run.
 */
final class OrphanedServerMain {

    private OrphanedServerMain() {}

    public static void main(String[] args) throws IOException {
        boolean exitNormally = args.length > 0 && args[0].equals("exit");
        // The normal-exit case goes through SharedServers, so that its shutdown hook is the one that stops the server.
        EmbeddedPostgresServer server = exitNormally
                ? (EmbeddedPostgresServer)
                        SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED))
                : EmbeddedPostgresServer.start();
        String pid = Files.readAllLines(server.workFolder().resolve("data/postmaster.pid"))
                .get(0)
                .trim();
        System.out.println("WORK_FOLDER=" + server.workFolder());
        System.out.println("POSTMASTER_PID=" + pid);
        System.out.println("READY");
        System.out.flush();
        // Block until told to exit, or until killed (SIGKILL: no shutdown hook runs).
        System.in.read();
        if (exitNormally) {
            System.exit(0);
        }
    }
}
