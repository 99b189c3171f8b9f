package dev.pgtrickle.test.harness.server;

import java.time.Duration;

/**
 * The {@link WarmServer warm server} as this JVM sees it: an embedded PostgreSQL started by this or an earlier command
 * line run with {@code --reuse}, which {@link #close()} leaves running for the next run.
 */
final class WarmPostgresServer implements EmbeddedServer {

    /** How long the end of a run waits for the drop of its project database (well under a second). */
    private static final Duration BACKGROUND_WORK_WAIT = Duration.ofSeconds(30);

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

    /**
     * The server stays up for the next run ({@code pgtrickle-test server stop} ends it); only the project database
     * this run closed is dropped now, as it was left to the background, which ends with this JVM.
     */
    @Override
    public void close() {
        EmulationTemplates.finish(this, BACKGROUND_WORK_WAIT);
    }

    @Override
    public String toString() {
        return describe();
    }
}
