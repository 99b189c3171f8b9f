package dev.pgtrickle.test.harness.emulation;

import dev.pgtrickle.test.harness.server.ConnectionFactory;
import java.time.Duration;

/** Drives the emulation's scheduler tick for one database from a JVM thread. TODO(emulation issue): implement. */
public final class EmulationScheduler implements AutoCloseable {

    private final String database;
    private final ConnectionFactory connections;
    private final Duration tick;

    EmulationScheduler(String database, ConnectionFactory connections, Duration tick) {
        this.database = database;
        this.connections = connections;
        this.tick = tick;
    }

    /** The tick interval. */
    public Duration tick() {
        return tick;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "emulated pg_trickle scheduler for %s every %s via %s".formatted(database, tick, connections);
    }
}
