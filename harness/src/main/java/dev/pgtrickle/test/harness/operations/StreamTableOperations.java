package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.catalog.StalenessRule;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.db.ManualRefresh;
import dev.pgtrickle.test.harness.emulation.EmulationMessages;
import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dbt-pgtrickle run-operations against one project database: {@code pgtrickle_refresh},
 * {@code refresh_all_stream_tables}, {@code pgtrickle_check_freshness}, {@code pgtrickle_check_cdc_health},
 * {@code drop_all_stream_tables}, {@code drop_all_stream_tables_force} and {@code dbt ls}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StreamTableOperations {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTableOperations.class);

    /** The plan's defaults for {@code pgtrickle_check_freshness}. */
    public static final long DEFAULT_WARN_SECONDS = 600;

    public static final long DEFAULT_ERROR_SECONDS = 1800;

    private final ConnectionFactory connections;
    private final List<ManagedStreamTable> managed;
    private final String targetSchema;
    private final boolean databaseOwnedByHarness;
    private final ModelSelector selector;

    /**
     * @param connections connections to the project database
     * @param managed the project's stream table models, in dependency order (upstream first)
     * @param targetSchema the target's schema, used for unqualified names as dbt-pgtrickle does
     * @param databaseOwnedByHarness whether the harness created the database (only then may {@link #dropAll()} run)
     * @param selector resolves dbt selectors for {@link #list(String)}
     */
    public StreamTableOperations(
            ConnectionFactory connections,
            List<ManagedStreamTable> managed,
            String targetSchema,
            boolean databaseOwnedByHarness,
            ModelSelector selector) {
        this.connections = connections;
        this.managed = List.copyOf(managed);
        this.targetSchema = targetSchema;
        this.databaseOwnedByHarness = databaseOwnedByHarness;
        this.selector = selector;
    }

    /**
     * Refresh one stream table now ({@code pgtrickle_refresh}). {@code model} is a model name (its stream table name is
     * used), a stream table name, or {@code schema.name}; unqualified names use the target schema.
     *
     * @return the stream table refreshed
     * @throws OperationException with the server's message when the refresh fails (not found, suspended, ...)
     */
    public Relation refresh(String model) {
        return refresh(resolve(model, Optional.empty()));
    }

    /** Refresh {@code schema.model}. */
    public Relation refresh(String model, String schema) {
        return refresh(resolve(model, Optional.of(schema)));
    }

    /**
     * Refresh every ACTIVE stream table of the project, upstream first ({@code refresh_all_stream_tables}).
     *
     * @return the stream tables refreshed, in order
     */
    public List<Relation> refreshAll() {
        List<Relation> refreshed = new ArrayList<>();
        try (Connection connection = connections.open()) {
            for (ManagedStreamTable table : managed) {
                Optional<String> status = status(connection, table.name());
                if (status.isEmpty()) {
                    LOG.info("pg_trickle: {} does not exist; not refreshed", table.name());
                } else if (!StreamTableStatus.ACTIVE.sqlName().equals(status.get())) {
                    LOG.info("pg_trickle: {} is {}; not refreshed", table.name(), status.get());
                } else {
                    refresh(connection, table.name());
                    refreshed.add(table.name());
                }
            }
        } catch (SQLException e) {
            throw new OperationException(
                    "refresh all: " + EmulationMessages.withoutEmulationContext(e.getMessage()), e);
        }
        return refreshed;
    }

    /** {@link #checkFreshness(String, long, long)} for every ACTIVE stream table with the plan's thresholds. */
    public FreshnessReport checkFreshness() {
        return checkFreshness(null, DEFAULT_WARN_SECONDS, DEFAULT_ERROR_SECONDS);
    }

    /**
     * Check how stale ACTIVE stream tables are ({@code pgtrickle_check_freshness}), reading
     * {@code pgtrickle.pg_stat_stream_tables.staleness}.
     *
     * @param model one model or stream table name (see {@link #refresh(String)}), or {@code null} for all
     * @return every line, when none is above {@code errorSeconds}; lines above {@code warnSeconds}, with consecutive
     *     errors, or overdue by the tables' own schedules ({@link StalenessRule}, the rule of {@code isFresh()}) are
     *     warnings (logged); as in the package, only {@code errorSeconds} fails the check
     * @throws FreshnessCheckFailedException when any stream table is staler than {@code errorSeconds}
     * @throws IllegalArgumentException when the thresholds are negative or warn exceeds error
     * @throws OperationException when {@code model} names no stream table
     */
    public FreshnessReport checkFreshness(String model, long warnSeconds, long errorSeconds) {
        if (warnSeconds < 0 || errorSeconds < 0 || warnSeconds > errorSeconds) {
            throw new IllegalArgumentException(
                    "checkFreshness: thresholds must be 0 <= warnSeconds <= errorSeconds, got warnSeconds=%d,"
                                    .formatted(warnSeconds)
                            + " errorSeconds=%d".formatted(errorSeconds));
        }
        Optional<Relation> only = Optional.ofNullable(model).map(name -> resolve(name, Optional.empty()));
        List<FreshnessReport.Line> lines = new ArrayList<>();
        try (Connection connection = connections.open()) {
            if (only.isPresent() && status(connection, only.get()).isEmpty()) {
                throw new OperationException(
                        "checkFreshness: stream table %s not found%s".formatted(only.get(), knownStreamTables()));
            }
            String sql = "SELECT pgt_schema, pgt_name, EXTRACT(EPOCH FROM staleness)::bigint AS staleness_seconds,"
                    + " last_refresh_at, consecutive_errors, " + StalenessRule.overdueSql("staleness", "schedule")
                    + " AS overdue FROM pgtrickle.pg_stat_stream_tables"
                    + " WHERE status = 'ACTIVE'"
                    + (only.isPresent() ? " AND pgt_schema = ? AND pgt_name = ?" : "")
                    + " ORDER BY pgt_schema, pgt_name";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (only.isPresent()) {
                    statement.setString(1, only.get().schema());
                    statement.setString(2, only.get().identifier());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Optional<Long> staleness = Optional.ofNullable((Number) rows.getObject("staleness_seconds"))
                                .map(Number::longValue);
                        Timestamp lastRefresh = rows.getTimestamp("last_refresh_at");
                        FreshnessReport.Level level = staleness
                                .map(seconds -> seconds > errorSeconds
                                        ? FreshnessReport.Level.ERROR
                                        : seconds > warnSeconds ? FreshnessReport.Level.WARN : FreshnessReport.Level.OK)
                                .orElse(FreshnessReport.Level.OK);
                        lines.add(new FreshnessReport.Line(
                                new Relation(rows.getString("pgt_schema"), rows.getString("pgt_name")),
                                staleness,
                                Optional.ofNullable(lastRefresh).map(Timestamp::toInstant),
                                rows.getInt("consecutive_errors"),
                                rows.getBoolean("overdue"),
                                level));
                    }
                }
            }
        } catch (SQLException e) {
            throw new OperationException(
                    "checkFreshness: " + EmulationMessages.withoutEmulationContext(e.getMessage()), e);
        }
        FreshnessReport report = new FreshnessReport(warnSeconds, errorSeconds, lines);
        for (FreshnessReport.Line line : lines) {
            String text = line.describe(warnSeconds, errorSeconds);
            if (line.level() == FreshnessReport.Level.OK && !line.hasWarnings()) {
                LOG.info("pg_trickle freshness: {}", text);
            } else {
                LOG.warn("pg_trickle freshness: {}", text);
            }
        }
        if (!report.errors().isEmpty()) {
            throw new FreshnessCheckFailedException(report);
        }
        return report;
    }

    /**
     * Check change capture ({@code pgtrickle_check_cdc_health}) with the real columns of
     * {@code pgtrickle.check_cdc_health()}.
     *
     * @return every source, when none has an alert
     * @throws CdcHealthCheckFailedException when any source has an alert
     */
    public CdcHealthReport checkCdcHealth() {
        List<CdcHealthReport.Source> sources = new ArrayList<>();
        try (Connection connection = connections.open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT source_relid, source_table, cdc_mode, slot_name, lag_bytes, confirmed_lsn::text AS"
                                + " confirmed_lsn, alert FROM pgtrickle.check_cdc_health() ORDER BY source_table")) {
            while (rows.next()) {
                sources.add(new CdcHealthReport.Source(
                        rows.getLong("source_relid"),
                        rows.getString("source_table"),
                        rows.getString("cdc_mode"),
                        Optional.ofNullable(rows.getString("slot_name")),
                        Optional.ofNullable((Number) rows.getObject("lag_bytes"))
                                .map(Number::longValue),
                        Optional.ofNullable(rows.getString("confirmed_lsn")),
                        Optional.ofNullable(rows.getString("alert"))));
            }
        } catch (SQLException e) {
            throw new OperationException(
                    "checkCdcHealth: " + EmulationMessages.withoutEmulationContext(e.getMessage()), e);
        }
        CdcHealthReport report = new CdcHealthReport(sources);
        sources.forEach(source -> LOG.info("pg_trickle {}", source.describe()));
        if (!report.alerts().isEmpty()) {
            throw new CdcHealthCheckFailedException(report);
        }
        return report;
    }

    /**
     * Drop the project's stream tables that exist ({@code drop_all_stream_tables}), downstream first. Stream tables the
     * project does not manage are left alone.
     *
     * @return the stream tables dropped
     */
    public List<Relation> dropAllManaged() {
        List<Relation> dropped = new ArrayList<>();
        try (Connection connection = connections.open()) {
            for (int i = managed.size() - 1; i >= 0; i--) {
                Relation name = managed.get(i).name();
                if (status(connection, name).isPresent()) {
                    drop(connection, name);
                    dropped.add(name);
                }
            }
        } catch (SQLException e) {
            throw new OperationException(
                    "dropAllManaged: " + EmulationMessages.withoutEmulationContext(e.getMessage()), e);
        }
        LOG.info("pg_trickle: dropped {} project-managed stream table(s)", dropped.size());
        return dropped;
    }

    /**
     * Drop every stream table in the catalog ({@code drop_all_stream_tables_force}), including ones the project does
     * not manage. Refused unless the harness created the database.
     *
     * @return the stream tables dropped
     * @throws IllegalStateException when the database is not the harness's own
     */
    public List<Relation> dropAll() {
        if (!databaseOwnedByHarness) {
            throw new IllegalStateException(
                    "dropAll (force) drops every stream table in the database, including ones pgtrickle-test did not"
                            + " create; it only runs in a database the harness created. Use dropAllManaged() here");
        }
        List<Relation> dropped = new ArrayList<>();
        try (Connection connection = connections.open()) {
            // Newest first: a stream table is created after the ones it reads, so dependents go before their sources.
            List<Relation> all = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT pgt_schema, pgt_name FROM pgtrickle.pgt_stream_tables ORDER BY pgt_id DESC")) {
                while (rows.next()) {
                    all.add(new Relation(rows.getString(1), rows.getString(2)));
                }
            }
            for (Relation name : all) {
                if (status(connection, name).isPresent()) {
                    drop(connection, name);
                    dropped.add(name);
                }
            }
        } catch (SQLException e) {
            throw new OperationException("dropAll: " + EmulationMessages.withoutEmulationContext(e.getMessage()), e);
        }
        LOG.info("pg_trickle: force-dropped {} stream table(s)", dropped.size());
        return dropped;
    }

    /**
     * The project's {@code stream_table} models that {@code selector} selects ({@code dbt ls --select ...}), in
     * dependency order, with their catalog state. An empty selector lists them all.
     */
    public List<ListedStreamTable> list(String selector) {
        Set<String> selected = selector == null || selector.isBlank()
                ? managed.stream().map(ManagedStreamTable::model).collect(Collectors.toSet())
                : this.selector.select(selector);
        List<ListedStreamTable> listed = new ArrayList<>();
        try (Connection connection = connections.open();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT status, COALESCE(schedule, 'CALCULATED'), refresh_mode FROM"
                                + " pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?")) {
            for (ManagedStreamTable table : managed) {
                if (!selected.contains(table.model())) {
                    continue;
                }
                statement.setString(1, table.name().schema());
                statement.setString(2, table.name().identifier());
                try (ResultSet rows = statement.executeQuery()) {
                    boolean exists = rows.next();
                    listed.add(new ListedStreamTable(
                            table.model(),
                            table.name(),
                            exists ? Optional.of(rows.getString(1)) : Optional.empty(),
                            exists ? Optional.of(rows.getString(2)) : Optional.empty(),
                            exists ? Optional.of(rows.getString(3)) : Optional.empty()));
                }
            }
        } catch (SQLException e) {
            throw new OperationException("list: " + EmulationMessages.withoutEmulationContext(e.getMessage()), e);
        }
        return listed;
    }

    /** The stream table a name means: a model's, {@code schema.name}, or the name in {@code schema}/the target schema. */
    Relation resolve(String name, Optional<String> schema) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model or stream table name is required");
        }
        if (schema.isPresent()) {
            return new Relation(schema.get(), name);
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            return new Relation(name.substring(0, dot), name.substring(dot + 1));
        }
        return managed.stream()
                .filter(table -> table.model().equals(name))
                .map(ManagedStreamTable::name)
                .findFirst()
                .orElse(new Relation(targetSchema, name));
    }

    private Relation refresh(Relation name) {
        try (Connection connection = connections.open()) {
            refresh(connection, name);
            return name;
        } catch (SQLException e) {
            throw new OperationException(
                    "refresh %s: %s".formatted(name, EmulationMessages.withoutEmulationContext(e.getMessage())), e);
        }
    }

    private void refresh(Connection connection, Relation name) throws SQLException {
        try {
            ManualRefresh.run(connection, name.qualifiedName());
        } catch (SQLException e) {
            throw new OperationException(
                    "refresh %s: %s%s"
                            .formatted(
                                    name,
                                    EmulationMessages.withoutEmulationContext(e.getMessage()),
                                    knownStreamTables()),
                    e);
        }
        LOG.info("pg_trickle: refreshed stream table {}", name);
    }

    private static void drop(Connection connection, Relation name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pgtrickle.drop_stream_table(?)")) {
            statement.setString(1, name.qualifiedName());
            statement.execute();
        }
        LOG.info("pg_trickle: dropped stream table {}", name);
    }

    private static Optional<String> status(Connection connection, Relation name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT status FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?")) {
            statement.setString(1, name.schema());
            statement.setString(2, name.identifier());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private String knownStreamTables() {
        return managed.isEmpty()
                ? ""
                : "; the project's stream tables are: "
                        + managed.stream()
                                .map(table -> table.model() + " -> " + table.name())
                                .collect(Collectors.joining(", "));
    }
}
