package dev.pgtrickle.test.harness.server;

import dev.pgtrickle.test.harness.project.Profile;
import dev.pgtrickle.test.harness.project.ProfileReader;
import dev.pgtrickle.test.harness.project.ProfileTarget;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.settings.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach a server the harness does not run.
 *
 * @param host host name
 * @param port TCP port
 * @param user user name
 * @param password password, possibly empty
 * @param database the database named by the user; the harness never drops or truncates it
 * @param disposable the user declared {@code database} disposable, so destructive steps may run in it directly when
 *     the harness cannot create databases of its own
 */
public record ExternalConnection(
        String host, int port, String user, String password, String database, boolean disposable) {

    public static final String HOST_KEY = Setting.Keys.EXTERNAL_HOST;
    public static final String PORT_KEY = Setting.Keys.EXTERNAL_PORT;
    public static final String USER_KEY = Setting.Keys.EXTERNAL_USER;
    public static final String PASSWORD_KEY = Setting.Keys.EXTERNAL_PASSWORD;
    public static final String DATABASE_KEY = Setting.Keys.EXTERNAL_DATABASE;
    public static final String DISPOSABLE_KEY = Setting.Keys.EXTERNAL_DISPOSABLE;
    /** Path of a dbt {@code profiles.yml} to take the connection from. */
    public static final String PROFILES_KEY = Setting.Keys.EXTERNAL_PROFILES;
    /** Profile name inside {@link #PROFILES_KEY}'s file (required with it). */
    public static final String PROFILE_KEY = Setting.Keys.EXTERNAL_PROFILE;
    /** Target inside the profile; the profile's own {@code target} when unset. */
    public static final String TARGET_KEY = Setting.Keys.EXTERNAL_TARGET;

    /**
     * The connection of one target of a dbt {@code profiles.yml}, read by the project's {@link ProfileReader} with
     * {@code {{ env_var('NAME', 'default') }}} rendered from {@code environment} (and {@code | as_number} and friends
     * accepted). Only the chosen target is rendered.
     *
     * @param profilesYml the file
     * @param profile the top-level profile name
     * @param target the output under {@code outputs:}; null or blank for the profile's {@code target}
     * @param environment where {@code env_var()} looks up variables
     * @throws IllegalArgumentException naming the file and the missing profile, target or key
     * @throws ProjectException naming the file and line of a malformed profile or a value that cannot be rendered
     */
    public static ExternalConnection fromProfile(
            Path profilesYml, String profile, String target, SettingSource environment) {
        if (!Files.isRegularFile(profilesYml)) {
            throw new IllegalArgumentException(
                    "%s: no such profiles file; point %s at your profiles.yml (dbt's default is ~/.dbt/profiles.yml)"
                            .formatted(profilesYml, PROFILES_KEY));
        }
        ProfileReader profiles =
                ProfileReader.read(profilesYml, name -> environment.get(name).orElse(null));
        Profile chosen = profiles.profile(profile)
                .orElseThrow(() -> new IllegalArgumentException("%s: no profile '%s'; the file has %s"
                        .formatted(profilesYml, profile, profiles.profileNames())));
        Optional<String> targetName = Optional.ofNullable(target).filter(name -> !name.isBlank());
        ProfileTarget output = chosen.target(targetName)
                .orElseThrow(() -> new IllegalArgumentException("%s: no profile '%s' target '%s'; the file has %s"
                        .formatted(
                                profilesYml,
                                profile,
                                targetName.orElse(chosen.defaultTarget()),
                                chosen.outputNames())));
        return from(output, "%s: profile '%s' target '%s'".formatted(profilesYml, profile, output.name()));
    }

    /** A profile target as a connection: dbt-postgres's keys, each one this backend needs required. */
    private static ExternalConnection from(ProfileTarget output, String where) {
        if (!output.type().equals("postgres")) {
            throw new IllegalArgumentException(
                    "%s has type '%s'; pgtrickle-test connects to PostgreSQL only (type: postgres)"
                            .formatted(where, output.type()));
        }
        return new ExternalConnection(
                output.host().orElseThrow(() -> missing(where, "host")),
                output.port().orElse(5432),
                output.user().orElseThrow(() -> missing(where, "user")),
                output.password().orElse(""),
                output.dbname()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "%s has no 'dbname' (or 'database'); add the database to connect to".formatted(where))),
                false);
    }

    private static IllegalArgumentException missing(String where, String key) {
        return new IllegalArgumentException("%s has no '%s'; add it".formatted(where, key));
    }

    /** The same connection, marked disposable or not. */
    public ExternalConnection withDisposable(boolean isDisposable) {
        return new ExternalConnection(host, port, user, password, database, isDisposable);
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://%s:%d/%s".formatted(host, port, databaseName);
    }

    /**
     * External settings, first found wins: an explicit {@link #HOST_KEY} (with the other {@code pgtrickle.external.*}
     * keys), then a dbt profile named by {@link #PROFILES_KEY} and {@link #PROFILE_KEY}, then libpq's {@code PGHOST},
     * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD} and {@code PGDATABASE}. Empty when none of them is given.
     */
    static Optional<ExternalConnection> resolve(SettingSource configured, SettingSource environment) {
        boolean disposable =
                configured.get(DISPOSABLE_KEY).map(Boolean::parseBoolean).orElse(false);
        Optional<String> profiles = configured.get(PROFILES_KEY);
        if (configured.get(HOST_KEY).isEmpty() && profiles.isPresent()) {
            String profile = configured
                    .get(PROFILE_KEY)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "external backend: %s is set to %s but %s is not; name the profile to use"
                                    .formatted(PROFILES_KEY, profiles.get(), PROFILE_KEY)));
            return Optional.of(fromProfile(
                            expandHome(profiles.get()),
                            profile,
                            configured.get(TARGET_KEY).orElse(null),
                            environment)
                    .withDisposable(disposable));
        }
        Optional<String> host = configured.get(HOST_KEY).or(() -> environment.get("PGHOST"));
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String portText =
                configured.get(PORT_KEY).or(() -> environment.get("PGPORT")).orElse("5432");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "external backend: port '%s' is not a number; set %s or PGPORT to a TCP port"
                            .formatted(portText, PORT_KEY),
                    e);
        }
        String user =
                configured.get(USER_KEY).or(() -> environment.get("PGUSER")).orElse("postgres");
        String password = configured
                .get(PASSWORD_KEY)
                .or(() -> environment.get("PGPASSWORD"))
                .orElse("");
        String database = configured
                .get(DATABASE_KEY)
                .or(() -> environment.get("PGDATABASE"))
                .orElse("postgres");
        return Optional.of(new ExternalConnection(host.get(), port, user, password, database, disposable));
    }

    /** {@code ~/x} means {@code x} in the user's home folder, as in dbt's {@code --profiles-dir}. */
    private static Path expandHome(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }

    @Override
    public String toString() {
        // never print the password
        return "ExternalConnection[%s@%s:%d/%s%s]"
                .formatted(user, host, port, database, disposable ? ", disposable" : "");
    }
}
