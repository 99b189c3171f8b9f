package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SettingSource;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads which databases exist on the shared server the fixtures ran on (the one the default settings select). */
final class ServerDatabases {

    private ServerDatabases() {}

    static List<String> named(String prefix) throws SQLException {
        PostgresServer server = SharedServers.acquire(
                ServerSettings.resolve(SettingSource.systemProperties(), SettingSource.environment()));
        // The embedded backend drops a closed project's database in the background.
        ProjectDatabase.awaitDropped(server, Duration.ofMinutes(1));
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                PreparedStatement statement =
                        connection.prepareStatement("SELECT datname FROM pg_database WHERE datname LIKE ?")) {
            statement.setString(1, prefix.replace("_", "\\_") + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    static boolean exists(String name) throws SQLException {
        return named(name).contains(name);
    }
}
