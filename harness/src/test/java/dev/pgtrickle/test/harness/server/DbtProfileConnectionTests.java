package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("external connection from a dbt profiles.yml")
class DbtProfileConnectionTests {

    @TempDir
    Path folder;

    private Path profiles(String yaml) throws IOException {
        return Files.writeString(folder.resolve("profiles.yml"), yaml);
    }

    private static final String PROFILE =
            """
            shop:
              target: dev
              outputs:
                dev:
                  type: postgres
                  host: "{{ env_var('DB_HOST', 'localhost') }}"
                  port: "{{ env_var('DB_PORT', '5432') | as_number }}"
                  user: "{{ env_var('DB_USER') }}"
                  pass: "{{ env_var(\\"DB_PASS\\", '') }}"
                  dbname: shop
                  schema: public
                ci:
                  type: postgres
                  host: ci-db
                  port: 6000
                  user: ci
                  password: pw
                  database: shop_ci
                  schema: public
            """;

    @Test
    @DisplayName("renders env_var() with defaults and as_number, and picks the profile's default target")
    void rendersEnvVars() throws IOException {
        Path file = profiles(PROFILE);

        ExternalConnection connection = ExternalConnection.fromProfile(
                file, "shop", null, SettingSource.of(Map.of("DB_USER", "alice", "DB_PORT", "6432")));

        assertThat(connection).isEqualTo(new ExternalConnection("localhost", 6432, "alice", "", "shop", false));
        assertThat(ExternalConnection.fromProfile(
                        file, "shop", "dev", SettingSource.of(Map.of("DB_USER", "alice", "DB_PASS", "s3"))))
                .as("dbt-postgres's 'pass' alias of 'password'")
                .isEqualTo(new ExternalConnection("localhost", 5432, "alice", "s3", "shop", false));
    }

    @Test
    @DisplayName("a named target, 'password' and 'database' spellings and a numeric port")
    void namedTarget() throws IOException {
        Path file = profiles(PROFILE);

        assertThat(ExternalConnection.fromProfile(file, "shop", "ci", SettingSource.empty()))
                .isEqualTo(new ExternalConnection("ci-db", 6000, "ci", "pw", "shop_ci", false));
    }

    @Test
    @DisplayName("errors name the file and the missing profile, target, key or variable")
    void errors() throws IOException {
        Path file = profiles(PROFILE);
        SettingSource env = SettingSource.empty();

        assertThatThrownBy(() -> ExternalConnection.fromProfile(file, "nope", null, env))
                .hasMessage(file + ": no profile 'nope'; the file has [shop]");
        assertThatThrownBy(() -> ExternalConnection.fromProfile(file, "shop", "prod", env))
                .hasMessage(file + ": no profile 'shop' target 'prod'; the file has [dev, ci]");
        assertThatThrownBy(() -> ExternalConnection.fromProfile(file, "shop", "dev", env))
                .hasMessage(
                        file + ":5: profile 'shop' target 'dev' key 'user': environment variable DB_USER is not set and"
                                + " env_var() gives no default; set it or add a default: env_var('DB_USER', '...')");

        Path missing = folder.resolve("absent.yml");
        assertThatThrownBy(() -> ExternalConnection.fromProfile(missing, "shop", null, env))
                .hasMessage(missing + ": no such profiles file; point pgtrickle.external.profiles at your profiles.yml"
                        + " (dbt's default is ~/.dbt/profiles.yml)");

        Path noHost =
                profiles("p:\n  target: t\n  outputs:\n    t:\n      type: postgres\n      user: u\n      dbname: d\n");
        assertThatThrownBy(() -> ExternalConnection.fromProfile(noHost, "p", null, env))
                .hasMessage(noHost + ": profile 'p' target 't' has no 'host'; add it");
        Path jinja = profiles("p:\n  target: t\n  outputs:\n    t:\n      host: \"{{ var('h') }}\"\n");
        assertThatThrownBy(() -> ExternalConnection.fromProfile(jinja, "p", null, env))
                .hasMessageStartingWith(jinja + ":5: profile 'p' target 't' key 'host': var('h') is not defined here");
        Path snowflake = profiles("p:\n  target: t\n  outputs:\n    t:\n      type: snowflake\n");
        assertThatThrownBy(() -> ExternalConnection.fromProfile(snowflake, "p", null, env))
                .hasMessage(snowflake + ": profile 'p' target 't' has type 'snowflake'; pgtrickle-test connects to"
                        + " PostgreSQL only (type: postgres)");
    }

    @Test
    @DisplayName("the settings keys select a profile, and the disposable flag carries over")
    void fromSettings() throws IOException {
        Path file = profiles(PROFILE);

        ServerSettings settings = ServerSettings.resolve(
                SettingSource.of(Map.of(
                        "pgtrickle.external.profiles", file.toString(),
                        "pgtrickle.external.profile", "shop",
                        "pgtrickle.external.target", "ci",
                        "pgtrickle.external.disposable", "true")),
                SettingSource.of(Map.of("PGHOST", "ignored")));

        assertThat(settings.external()).contains(new ExternalConnection("ci-db", 6000, "ci", "pw", "shop_ci", true));
        assertThatThrownBy(() -> ServerSettings.resolve(
                        SettingSource.of(Map.of("pgtrickle.external.profiles", file.toString())),
                        SettingSource.empty()))
                .hasMessage(
                        "external backend: pgtrickle.external.profiles is set to %s but pgtrickle.external.profile is"
                                        .formatted(file)
                                + " not; name the profile to use");
    }
}
