package dev.pgtrickle.test.harness.server;

/**
 * The {@link WarmServer warm server} as this JVM sees it: an embedded PostgreSQL started by this or an earlier command
 * line run with {@code --reuse}, which {@link #close()} leaves running for the next run.
 */
final class WarmPostgresServer implements EmbeddedServer {

    private final WarmServer.State state;

    WarmPostgresServer(WarmServer.State state) {
        this.state = state;
    }

    @Override
    public int port() {
        return state.port();
    }

    @Override
    public String describe() {
        return "warm embedded PostgreSQL on 127.0.0.1:%d, pid %d, kept by --reuse".formatted(state.port(), state.pid());
    }

    @Override
    public boolean isRunning() {
        return EmbeddedDataDirectories.postmasterRuns(state.data());
    }

    /** Nothing to do: the server stays up for the next run ({@code pgtrickle-test server stop} ends it). */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return describe();
    }
}
