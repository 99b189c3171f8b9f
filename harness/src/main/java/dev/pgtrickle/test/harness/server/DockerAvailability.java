package dev.pgtrickle.test.harness.server;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked once per JVM (Testcontainers caches the answer too). */
public final class DockerAvailability {

    private static volatile Boolean available;

    private DockerAvailability() {}

    /** True when Testcontainers can reach a Docker engine. Never throws; never waits longer than Testcontainers does. */
    public static boolean isAvailable() {
        Boolean known = available;
        if (known == null) {
            boolean answer;
            try {
                answer = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                answer = false;
            }
            available = known = answer;
        }
        return known;
    }
}
