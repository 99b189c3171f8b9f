package dev.pgtrickle.test.harness.server;

import dev.pgtrickle.test.harness.emulation.PgTrickleEmulation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Consumer;

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
 * <p>A few clones are kept ready: each server's {@link DatabaseHousekeeper} clones the template while the previous class
 * runs, and a new project database is a ready clone renamed (milliseconds), or a fresh clone when none is ready yet.
 * The housekeeper also drops the project databases classes have closed, so that neither the clone nor the drop is on a
 * class's path; what it has not dropped yet it drops before the server stops ({@link #finish}).
 *
 * <p>The embedded backend's {@link ClusterCache cached cluster} already holds the template and one ready clone
 * ({@link #bake}), so a server started from it {@link #adopt adopts} them and its first project database costs a
 * rename, not an install and a clone.
 */
final class EmulationTemplates {

    /**
     * The default {@code WAL_LOG} writes every block of the template to the WAL; {@code FILE_COPY} copies its files and
     * forces two checkpoints, which also write out whatever the running class left in shared buffers. On this 8 MB
     * template with fsync off neither was the faster (docs/performance.md); {@code WAL_LOG} does not disturb the class
     * that runs while the background clones.
     */
    static final String STRATEGY = "WAL_LOG";

    /** Ready clones kept per server: one for the next class, one more for a class that starts at the same time. */
    static final int SPARES = 2;

    private static final Map<PostgresServer, String> TEMPLATES = new WeakHashMap<>();
    private static final Map<PostgresServer, DatabaseHousekeeper> HOUSEKEEPERS = new WeakHashMap<>();
    /** What the first clone of each server's template reported: every clone of it reports the same. */
    private static final Map<PostgresServer, PgTrickleInfo> PROBED = new WeakHashMap<>();

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
        List<String> spares = new ArrayList<>();
        for (int i = 1; i <= BAKED_SPARES; i++) {
            spares.add(BAKED_SPARE + i);
        }
        synchronized (TEMPLATES) {
            TEMPLATES.put(server, BAKED_TEMPLATE);
            HOUSEKEEPERS.put(server, new DatabaseHousekeeper(server, BAKED_TEMPLATE, spares, () -> wantedSpares));
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
            HOUSEKEEPERS.computeIfAbsent(
                    server, s -> new DatabaseHousekeeper(s, BAKED_TEMPLATE, List.of(), () -> wantedSpares));
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
                HOUSEKEEPERS.put(server, new DatabaseHousekeeper(server, name, List.of(), () -> wantedSpares));
            }
            return Optional.of(name);
        }
    }

    /**
     * A ready clone of the template, now owned by the caller (who renames or drops it), and a new one ordered in the
     * background (unless {@link #noSpares()}); empty when none is ready or none applies.
     *
     * @throws ServerStartException when background work on this server failed since the last call
     */
    static Optional<String> takeSpare(PostgresServer server) {
        if (templateFor(server).isEmpty()) {
            return Optional.empty();
        }
        return housekeeper(server).take();
    }

    /**
     * Rename {@code spare}, which {@link #takeSpare} gave the caller, to {@code name}, running {@code then} (statements
     * on the renamed database) in the same round trip.
     */
    static void handOver(PostgresServer server, String spare, String name, String then) throws SQLException {
        housekeeper(server).handOver(spare, name, then);
    }

    /**
     * Drop the project database {@code name}, which the harness created on {@code server}, in the background after
     * {@code before} has run there; false where the server has no background work (the caller drops it itself).
     */
    static boolean dropLater(PostgresServer server, String name, Runnable before) {
        DatabaseHousekeeper housekeeper = housekeeper(server);
        if (housekeeper == null) {
            return false;
        }
        housekeeper.dropLater(name, before);
        return true;
    }

    /**
     * For the server's stop, before it stops: finish the background work, i.e. drop every project database handed to
     * {@link #dropLater}; waits at most {@code timeout}.
     */
    static void finish(PostgresServer server, Duration timeout) {
        DatabaseHousekeeper housekeeper;
        synchronized (TEMPLATES) {
            housekeeper = HOUSEKEEPERS.remove(server);
            TEMPLATES.remove(server);
            PROBED.remove(server);
        }
        if (housekeeper != null) {
            housekeeper.finish(timeout);
        }
    }

    /** Wait until the project databases handed to {@link #dropLater} are dropped (for tests and benchmarks). */
    static void awaitDrops(PostgresServer server, Duration timeout) throws InterruptedException {
        DatabaseHousekeeper housekeeper = housekeeper(server);
        if (housekeeper != null) {
            housekeeper.awaitDrops(timeout);
        }
    }

    /** Wait until the spares taken so far are replaced (for tests and benchmarks). */
    static void awaitSpares(PostgresServer server, Duration timeout) throws InterruptedException {
        DatabaseHousekeeper housekeeper = housekeeper(server);
        if (housekeeper != null) {
            housekeeper.awaitSpares(timeout);
        }
    }

    /** What a clone of the template on {@code server} reports, once {@link #probed} learned it. */
    static Optional<PgTrickleInfo> probedInfo(PostgresServer server) {
        synchronized (TEMPLATES) {
            return Optional.ofNullable(PROBED.get(server));
        }
    }

    /** Remember what a clone of the template on {@code server} reports. */
    static void probed(PostgresServer server, PgTrickleInfo info) {
        synchronized (TEMPLATES) {
            if (TEMPLATES.containsKey(server)) {
                PROBED.putIfAbsent(server, info);
            }
        }
    }

    private static DatabaseHousekeeper housekeeper(PostgresServer server) {
        synchronized (TEMPLATES) {
            return HOUSEKEEPERS.get(server);
        }
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
                server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password())) {
            cloneInto(connection, template, name, statement -> {});
        }
    }

    /**
     * As {@link #cloneInto(PostgresServer, String, String)}, over {@code connection} (to the maintenance database);
     * {@code running} is told the statement before it runs, so that the clone can be cancelled.
     */
    static void cloneInto(Connection connection, String template, String name, Consumer<Statement> running)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            running.accept(statement);
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

    /**
     * A name outside the {@code pgt_} space of project databases ({@code pgtrickle_template_...},
     * {@code pgtrickle_spare_...}), so that nothing listing the project databases counts the harness's own.
     */
    static String internalName(String label) {
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
