package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Run in a child JVM by {@link StrayProcessTests}: starts an embedded server, reports its work folder and postmaster
 * process id on standard output, then waits to be killed.
 */
final class OrphanedServerMain {

    private OrphanedServerMain() {}

    public static void main(String[] args) throws IOException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        String pid = Files.readAllLines(server.workFolder().resolve("data/postmaster.pid"))
                .get(0)
                .trim();
        System.out.println("WORK_FOLDER=" + server.workFolder());
        System.out.println("POSTMASTER_PID=" + pid);
        System.out.println("READY");
        System.out.flush();
        // Block until killed; the parent sends SIGKILL, so no shutdown hook runs.
        System.in.read();
    }
}
