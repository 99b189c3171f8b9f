package dev.pgtrickle.test.harness.server;

import dev.pgtrickle.test.harness.db.CreatedRelations;
import dev.pgtrickle.test.harness.emulation.EmulationScheduler;
import dev.pgtrickle.test.harness.emulation.PgTrickleEmulation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database one project (one test class, one command-line run) works in, with pg_trickle installed: the real
 * extension where the server has it, the emulation (and its scheduler) otherwise.
 *
 * <p>On the embedded and container backends, and on an external server where the user may create databases, this is a
 * fresh database that {@link #close()} drops. On an external server without that right it is the user's database, used
 * only when the user marked it disposable; it is never dropped, and the harness keeps a ledger there ({@link
 * CreatedRelations}) so that it touches only relations it created.
 */
public final class ProjectDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectDatabase.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How often the emulated scheduler ticks unless told otherwise. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(200);

    private final PostgresServer server;
    private final String name;
    private final boolean createdByHarness;
    private final PgTrickleInfo pgTrickle;
    private final EmulationScheduler scheduler;

    private ProjectDatabase(
            PostgresServer server,
            String name,
            boolean createdByHarness,
            PgTrickleInfo pgTrickle,
            EmulationScheduler scheduler) {
        this.server = server;
        this.name = name;
        this.createdByHarness = createdByHarness;
        this.pgTrickle = pgTrickle;
        this.scheduler = scheduler;
    }

    /**
     * Create a database for a project on {@code server}, named after {@code label} plus a random suffix, with
     * pg_trickle ready to use.
     *
     * @param label a readable hint, usually the test class or project name
     * @param tick how often the emulated scheduler runs (ignored with the real extension)
     */
    public static ProjectDatabase create(PostgresServer server, String label, Duration tick) {
        boolean create = server.createsDatabases();
        String name;
        Optional<String> template = create ? EmulationTemplates.templateFor(server) : Optional.empty();
        boolean tickPublished = false;
        if (create) {
            name = uniqueName(label);
            Optional<String> spare = EmulationTemplates.takeSpare(server);
            if (spare.isPresent()) {
                // One round trip: the spare becomes this project's database and gets the scheduler's tick.
                try {
                    EmulationTemplates.handOver(
                            server, spare.get(), name, PgTrickleEmulation.publishTickStatement(name, tick));
                } catch (SQLException e) {
                    dropQuietly(server, spare.get());
                    throw new ServerStartException(
                            "%s: cannot rename the prepared database %s to %s: %s"
                                    .formatted(server.describe(), spare.get(), name, e.getMessage()),
                            e);
                }
                tickPublished = true;
            } else if (template.isPresent()) {
                try {
                    EmulationTemplates.cloneInto(server, template.get(), name);
                } catch (SQLException e) {
                    dropQuietly(server, name);
                    throw new ServerStartException(
                            "%s: cannot clone %s into %s: %s"
                                    .formatted(server.describe(), template.get(), name, e.getMessage()),
                            e);
                }
            } else {
                execute(server, server.maintenanceDatabase(), "CREATE DATABASE \"" + name + "\"");
            }
        } else if (server instanceof ExternalPostgresServer external
                && external.settings().disposable()) {
            name = external.settings().database();
        } else {
            throw new ServerStartException(
                    "external backend: user '%s' may not create databases, and database '%s' is not marked disposable;"
                                    .formatted(server.user(), server.maintenanceDatabase())
                            + " grant CREATEDB, or set pgtrickle.external.disposable=true if the harness may create"
                            + " and drop objects in it");
        }
        try {
            PgTrickleInfo info;
            if (template.isPresent()) {
                // Every clone of the template is the same install: probe the first, answer the rest from it.
                Optional<PgTrickleInfo> known = EmulationTemplates.probedInfo(server);
                info = known.isPresent() ? known.get() : probe(server, name);
                EmulationTemplates.probed(server, info);
            } else if (!create && server.emulatesPgTrickle() && hasPgTrickleSchema(server, name)) {
                // An earlier run's emulation in the user's disposable database: reuse it, as a second run must work.
                info = probe(server, name);
            } else {
                info = installPgTrickle(server, name);
            }
            if (!create) {
                installLedger(server, name);
            }
            EmulationScheduler scheduler = null;
            if (info.emulated()) {
                scheduler = tickPublished
                        ? PgTrickleEmulation.startSchedulerTickPublished(name, () -> open(server, name), tick)
                        : PgTrickleEmulation.startScheduler(name, () -> open(server, name), tick);
            }
            return new ProjectDatabase(server, name, create, info, scheduler);
        } catch (RuntimeException e) {
            if (create) {
                dropQuietly(server, name);
            }
            throw e;
        }
    }

    private static PgTrickleInfo installPgTrickle(PostgresServer server, String database) {
        try (Connection connection = open(server, database)) {
            if (server.emulatesPgTrickle()) {
                PgTrickleEmulation.install(connection);
            } else {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trickle CASCADE");
                }
                wakeLauncher(connection, database);
            }
            return PgTrickleProbe.probe(connection);
        } catch (SQLException e) {
            throw new ServerStartException(
                    "%s: cannot install pg_trickle in database %s: %s"
                            .formatted(server.describe(), database, e.getMessage()),
                    e);
        }
    }

    /**
     * In a database the harness did not create, keep a ledger of what it creates, so that it never drops, empties or
     * replaces a relation the user made under a project's name.
     */
    private static void installLedger(PostgresServer server, String database) {
        try (Connection connection = open(server, database)) {
            CreatedRelations.install(connection);
        } catch (SQLException e) {
            throw new ServerStartException(
                    "%s: cannot create the harness's ledger schema %s in database %s: %s"
                            .formatted(server.describe(), CreatedRelations.SCHEMA, database, e.getMessage()),
                    e);
        }
    }

    private static boolean hasPgTrickleSchema(PostgresServer server, String database) {
        try (Connection connection = open(server, database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT to_regnamespace('pgtrickle') IS NOT NULL")) {
            return rows.next() && rows.getBoolean(1);
        } catch (SQLException e) {
            throw new ServerStartException(
                    "%s: cannot read database %s: %s".formatted(server.describe(), database, e.getMessage()), e);
        }
    }

    /** What the clone of a template with the emulation reports. */
    private static PgTrickleInfo probe(PostgresServer server, String database) {
        try (Connection connection = open(server, database)) {
            return PgTrickleProbe.probe(connection);
        } catch (SQLException e) {
            throw new ServerStartException(
                    "%s: cannot read pg_trickle in database %s: %s"
                            .formatted(server.describe(), database, e.getMessage()),
                    e);
        }
    }

    /**
     * Ask the real extension's launcher to look for the new database now. The launcher scans {@code pg_database} only
     * every 10 s, and a database it probed before {@code CREATE EXTENSION} may be skipped for minutes; the scheduler
     * for this database would start late and the first refreshes would time out. Older versions have no such function,
     * and a non-superuser on an external server may not be allowed to call it: both only cost time, so they are logged.
     */
    static void wakeLauncher(Connection connection, String database) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT to_regprocedure('pgtrickle._signal_launcher_rescan()') IS NOT NULL")) {
            if (rows.next() && rows.getBoolean(1)) {
                statement.execute("SELECT pgtrickle._signal_launcher_rescan()");
            } else {
                LOG.debug(
                        "pg_trickle in {} has no _signal_launcher_rescan(); its scheduler starts within ~10 s",
                        database);
            }
        } catch (SQLException e) {
            LOG.info(
                    "could not wake the pg_trickle launcher for {} ({}); its scheduler may start up to ~10 s later",
                    database,
                    e.getMessage());
        }
    }

    static String uniqueName(String label) {
        String cleaned =
                label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (cleaned.length() > 40) {
            cleaned = cleaned.substring(cleaned.length() - 40);
        }
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return "pgt_" + (cleaned.isEmpty() ? "" : cleaned + "_")
                + HexFormat.of().formatHex(suffix);
    }

    private static Connection open(PostgresServer server, String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
    }

    private static void execute(PostgresServer server, String database, String sql) {
        try (Connection connection = open(server, database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new ServerStartException("%s: '%s' failed: %s".formatted(server.describe(), sql, e.getMessage()), e);
        }
    }

    private static void dropQuietly(PostgresServer server, String name) {
        try {
            execute(server, server.maintenanceDatabase(), DatabaseHousekeeper.dropStatement(name));
        } catch (RuntimeException e) {
            LOG.warn("could not drop database {}: {}", name, e.getMessage());
        }
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** The server this database lives on. */
    public PostgresServer server() {
        return server;
    }

    /** JDBC URL of this database. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /**
     * JDBC URL of this database with the user (and the password, when there is one) as URL parameters: what a person
     * pastes into a SQL client to look at a kept database.
     */
    public String jdbcUrlWithCredentials() {
        String url = jdbcUrl();
        StringBuilder out = new StringBuilder(url)
                .append(url.contains("?") ? '&' : '?')
                .append("user=")
                .append(URLEncoder.encode(server.user(), StandardCharsets.UTF_8));
        if (!server.password().isEmpty()) {
            out.append("&password=").append(URLEncoder.encode(server.password(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** Whether the harness created this database (and will drop it). */
    public boolean createdByHarness() {
        return createdByHarness;
    }

    /**
     * The one line that says what ran: backend, PostgreSQL version, and pg_trickle real (with its version) or
     * "emulated by pgtrickle-test". The CLI prints it on stderr; the JUnit extension publishes it as a report entry.
     */
    public String backendLine() {
        return SharedServers.backendLine(server);
    }

    /** Real or emulated pg_trickle, its version and capabilities. */
    public PgTrickleInfo pgTrickle() {
        return pgTrickle;
    }

    /** The emulated scheduler, when pg_trickle is emulated. */
    public Optional<EmulationScheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return open(server, name);
    }

    /** A data source for this database (unpooled: each {@code getConnection()} opens a connection). */
    public DataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(jdbcUrl());
        source.setUser(server.user());
        source.setPassword(server.password());
        return source;
    }

    /**
     * A new connection whose {@code search_path} is {@code schemas} (first wins), set by the driver at connect time
     * (pgjdbc's {@code currentSchema}), so unqualified names in a test's SQL find the project's target schema first.
     */
    public Connection connect(List<String> schemas) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password());
        properties.setProperty("currentSchema", String.join(",", schemas));
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** A data source whose connections have {@code schemas} as their {@code search_path}, as {@link #connect(List)}. */
    public DataSource dataSource(List<String> schemas) {
        PGSimpleDataSource source = (PGSimpleDataSource) dataSource();
        source.setCurrentSchema(String.join(",", schemas));
        return source;
    }

    /**
     * Stop the emulated scheduler and drop the database if the harness created it (unless it goes with its server,
     * which is about to be stopped and deleted: see {@link SharedServers#databasesGoWithServer}). On the embedded
     * backend both finish in the background, so that the next class need not wait for them: the scheduler starts no
     * tick after this returns, a tick under way ends before the drop, and the drop is done before the server stops.
     */
    @Override
    public void close() {
        // A server that stopped under the run took the database with it; trying to drop it would only warn.
        boolean drop = createdByHarness && server.isRunning() && !SharedServers.databasesGoWithServer(server);
        if (scheduler != null) {
            scheduler.stop();
        }
        Runnable stopScheduler = scheduler == null ? () -> {} : scheduler::close;
        if (!drop || !EmulationTemplates.dropLater(server, name, stopScheduler)) {
            stopScheduler.run();
            if (drop) {
                dropQuietly(server, name);
            }
        }
    }

    /**
     * Wait until the project databases closed so far on {@code server} are dropped: the embedded backend drops them in
     * the background (and always before the server stops), so a test that checks that nothing is left behind calls
     * this first. Returns at once on the other backends, which drop in {@link #close()}.
     *
     * @throws IllegalStateException when they are not dropped within {@code timeout}, or the wait is interrupted
     */
    public static void awaitDropped(PostgresServer server, Duration timeout) {
        try {
            EmulationTemplates.awaitDrops(server, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the project databases to be dropped", e);
        }
    }

    @Override
    public String toString() {
        return "database %s on %s".formatted(name, server.describe());
    }
}
