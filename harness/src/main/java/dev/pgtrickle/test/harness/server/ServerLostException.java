package dev.pgtrickle.test.harness.server;

/**
 * The server a run was using stopped under it (its postmaster killed or crashed): nothing the run reported after that
 * can be trusted, and the message names the backend and the server rather than the statement that happened to notice.
 * Not a {@code ProjectProblem}: the fix is not in the project, and the next run starts a new server.
 */
public class ServerLostException extends RuntimeException {

    public ServerLostException(PostgresServer server, Throwable noticedBy) {
        super(
                "the %s backend's server (%s) stopped during the run (killed or crashed); the run was abandoned, and"
                                .formatted(server.kind().name().toLowerCase(java.util.Locale.ROOT), server.describe())
                        + " the next run starts a new server. What noticed it: "
                        + noticedBy.getMessage(),
                noticedBy);
    }
}
