package dev.pgtrickle.test.harness.server;

import dev.pgtrickle.test.harness.emulation.PgTrickleEmulation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One template database per embedded server with the pg_trickle emulation already installed, so that a project
 * database is a clone ({@code CREATE DATABASE ... TEMPLATE}) instead of an empty database plus the emulation's install
 * script.
 *
 * <p>Only on the embedded backend: its cluster is the harness's own and disappears with the server, so the template
 * leaves nothing behind; an external server gets no extra database, and the container runs the real extension. The
 * emulation keeps all its state in catalog tables of the database itself (no shared catalog, no background worker), so
 * a clone starts exactly as a fresh install does. Connections to the template are refused after it is made, because
 * PostgreSQL can clone a database only while nobody is connected to it.
 *
 * <p>A few clones are kept ready: a background thread clones the template while the previous class runs, and a new
 * project database is a ready clone renamed (milliseconds), or a fresh clone when none is ready yet.
 *
 * <p>The embedded backend's {@link ClusterCache cached cluster} already holds the template and one ready clone
 * ({@link #bake}), so a server started from it {@link #adopt adopts} them and its first project database costs a
 * rename, not an install and a clone.
 */
final class EmulationTemplates {

    /**
     * {@code FILE_COPY} copies the template's files and checkpoints; the default {@code WAL_LOG} writes every block to
     * the WAL. For a template of a few megabytes on a server with fsync off, the file copy was the faster of the two
     * (docs/performance.md).
     */
    static final String STRATEGY = "FILE_COPY";

    /** Ready clones kept per server: one for the next class, one more for a class that starts at the same time. */
    static final int SPARES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(EmulationTemplates.class);
    private static final Map<PostgresServer, String> TEMPLATES = new WeakHashMap<>();
    private static final Map<PostgresServer, Deque<String>> SPARE_CLONES = new WeakHashMap<>();
    private static final ExecutorService CLONER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "pgtrickle-test template cloner");
        thread.setDaemon(true); // an embedded server and its spare clones go away together
        return thread;
    });

    /** Ready clones wanted per server now ({@link #SPARES}, or 0 after {@link #noSpares()}). */
    private static volatile int wantedSpares = SPARES;

    /** The template baked into the cached cluster (its name is fixed: the cluster is copied as it is). */
    static final String BAKED_TEMPLATE = "pgtrickle_template_cached";

    /** The ready clones baked into the cached cluster are named this plus a number from 1 to {@link #BAKED_SPARES}. */
    static final String BAKED_SPARE = "pgtrickle_spare_cached_";

    /**
     * Ready clones baked into the cached cluster: one, because every file in it is copied for every run (a command line
     * needs one database; a JUnit run's later classes get the clones ordered when the first is taken).
     */
    static final int BAKED_SPARES = 1;

    private EmulationTemplates() {}

    /** For the cluster cache: make the template and one ready clone in a fresh cluster about to be cached. */
    static void bake(PostgresServer server) throws SQLException {
        create(server, BAKED_TEMPLATE);
        for (int i = 1; i <= BAKED_SPARES; i++) {
            cloneInto(server, BAKED_TEMPLATE, BAKED_SPARE + i);
        }
    }

    /** What {@link #bake} puts into a cluster, for the cluster cache's key: a cluster baked otherwise is not used. */
    static String bakedLayout() {
        return "emulation %s template %s spares %s%d"
                .formatted(PgTrickleEmulation.fingerprint(), BAKED_TEMPLATE, BAKED_SPARE, BAKED_SPARES);
    }

    /** Use the template and ready clone {@link #bake baked} into the cluster {@code server} was started from. */
    static void adopt(PostgresServer server) {
        synchronized (TEMPLATES) {
            TEMPLATES.put(server, BAKED_TEMPLATE);
            Deque<String> spares = SPARE_CLONES.computeIfAbsent(server, s -> new ArrayDeque<>());
            for (int i = 1; i <= BAKED_SPARES; i++) {
                spares.addLast(BAKED_SPARE + i);
            }
        }
    }

    /**
     * Use the template {@link #bake baked} into the cluster of a server that runs on (a warm server kept between runs),
     * with the baked ready clone only when the server was just started ({@code fresh}: an earlier run took it
     * otherwise); the template is made under the baked name when the cluster has none (it was made by initdb), so
     * that every later run finds it.
     */
    static void adoptTemplate(PostgresServer server, boolean fresh) throws SQLException {
        boolean present;
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, BAKED_TEMPLATE);
            try (ResultSet rows = query.executeQuery()) {
                present = rows.next();
            }
        }
        if (!present) {
            create(server, BAKED_TEMPLATE);
        }
        if (present && fresh) {
            adopt(server);
            return;
        }
        synchronized (TEMPLATES) {
            TEMPLATES.put(server, BAKED_TEMPLATE);
            SPARE_CLONES.computeIfAbsent(server, s -> new ArrayDeque<>());
        }
    }

    /** The template to clone for a project database on {@code server}, made on first use; empty where none applies. */
    static Optional<String> templateFor(PostgresServer server) {
        if (server.kind() != BackendKind.EMBEDDED || !server.emulatesPgTrickle()) {
            return Optional.empty();
        }
        synchronized (TEMPLATES) {
            String name = TEMPLATES.get(server);
            if (name == null) {
                name = internalName("template");
                try {
                    create(server, name);
                } catch (SQLException e) {
                    throw new ServerStartException(
                            "%s: cannot prepare the template database %s with the pg_trickle emulation: %s"
                                    .formatted(server.describe(), name, e.getMessage()),
                            e);
                }
                TEMPLATES.put(server, name);
            }
            return Optional.of(name);
        }
    }

    /**
     * A ready clone of the template, now owned by the caller (who renames or drops it), and a new one ordered in the
     * background (unless {@link #noSpares()}); empty when none is ready or none applies.
     */
    static Optional<String> takeSpare(PostgresServer server) {
        if (templateFor(server).isEmpty()) {
            return Optional.empty();
        }
        String spare;
        synchronized (TEMPLATES) {
            spare = SPARE_CLONES
                    .computeIfAbsent(server, s -> new ArrayDeque<>())
                    .pollFirst();
        }
        refill(server);
        return Optional.ofNullable(spare);
    }

    /**
     * Prepare no more ready clones in this JVM: it needs one project database (a command-line run), which the cached
     * cluster's baked clone gives, and cloning in the background would only compete with the run for the machine.
     */
    static void noSpares() {
        wantedSpares = 0;
    }

    /**
     * Clone the template into a new database {@code name}. A clone copies the template's catalogs, but not the
     * database-level settings ({@code ALTER DATABASE ... SET}, kept per database in the shared catalog), which the
     * emulation's install makes; those are copied from the template here.
     */
    static void cloneInto(PostgresServer server, String template, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"%s\" TEMPLATE \"%s\" STRATEGY %s".formatted(name, template, STRATEGY));
            List<String> settings = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
                            + " WHERE d.datname = ? AND s.setrole = 0")) {
                query.setString(1, template);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        settings.add(rows.getString(1));
                    }
                }
            }
            for (String setting : settings) {
                int equals = setting.indexOf('=');
                statement.execute("ALTER DATABASE \"%s\" SET %s = '%s'"
                        .formatted(
                                name,
                                setting.substring(0, equals),
                                setting.substring(equals + 1).replace("'", "''")));
            }
        }
    }

    private static void refill(PostgresServer server) {
        CLONER.execute(() -> {
            String template;
            synchronized (TEMPLATES) {
                template = TEMPLATES.get(server);
                Deque<String> spares = SPARE_CLONES.get(server);
                if (template == null || spares == null || spares.size() >= wantedSpares) {
                    return;
                }
            }
            String name = internalName("spare");
            try {
                cloneInto(server, template, name);
            } catch (SQLException e) {
                LOG.debug("could not prepare a spare project database on {}: {}", server.describe(), e.getMessage());
                return; // the server may be stopping; the next class clones for itself
            }
            synchronized (TEMPLATES) {
                SPARE_CLONES.computeIfAbsent(server, s -> new ArrayDeque<>()).addLast(name);
            }
            refill(server);
        });
    }

    /**
     * A name outside the {@code pgt_} space of project databases ({@code pgtrickle_template_...},
     * {@code pgtrickle_spare_...}), so that nothing listing the project databases counts the harness's own.
     */
    private static String internalName(String label) {
        return "pgtrickle_" + ProjectDatabase.uniqueName(label).substring("pgt_".length());
    }

    private static void create(PostgresServer server, String name) throws SQLException {
        String maintenance = server.maintenanceDatabase();
        execute(server, maintenance, "CREATE DATABASE \"" + name + "\"");
        try (Connection connection =
                DriverManager.getConnection(server.jdbcUrl(name), server.user(), server.password())) {
            PgTrickleEmulation.install(connection);
        }
        execute(server, maintenance, "ALTER DATABASE \"" + name + "\" WITH ALLOW_CONNECTIONS false");
    }

    private static void execute(PostgresServer server, String database, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
