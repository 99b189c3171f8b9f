package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One test class's project: its database and everything built in it. It lives in the class's extension store, which
 * closes it (dropping the database) when the class is done, whether its tests passed or not.
 */
final class ProjectResource implements AutoCloseable {

    private final PgTrickleSettings settings;
    private final ProjectDatabase database;

    private ProjectResource(PgTrickleSettings settings, ProjectDatabase database) {
        this.settings = settings;
        this.database = database;
    }

    /** Take a server from the shared engine and create the class's database; nothing is built yet. */
    static ProjectResource open(PgTrickleSettings settings, String label) {
        PostgresServer server = SharedServers.acquire(settings.server());
        return new ProjectResource(settings, ProjectDatabase.create(server, label, ProjectDatabase.DEFAULT_TICK));
    }

    /** Run the setup scripts, then build the project. */
    void build() {
        for (Path script : settings.setupScripts()) {
            runScript(script);
        }
    }

    private void runScript(Path script) {
        String sql;
        try {
            sql = Files.readString(script);
        } catch (IOException e) {
            throw new UncheckedIOException("%s: cannot read setup script %s".formatted(settings.owner(), script), e);
        }
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new ExtensionConfigurationException("%s: setup script %s failed: %s; fix the script"
                    .formatted(settings.owner(), script, e.getMessage()));
        }
    }

    PgTrickleSettings settings() {
        return settings;
    }

    Connection connect() throws SQLException {
        return database.connect();
    }

    DataSource dataSource() {
        return database.dataSource();
    }

    PgTrickleInfo pgTrickle() {
        return database.pgTrickle();
    }

    String databaseName() {
        return database.name();
    }

    @Override
    public void close() {
        database.close();
    }
}
