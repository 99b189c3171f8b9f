package dev.pgtrickle.test.harness.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.seed.SeedLoader;
import dev.pgtrickle.test.harness.seed.SeedSpec;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The run-operations against stream tables created through the (emulated) pg_trickle API. */
@DisplayName("stream table operations")
class StreamTableOperationsTests {

    private static final Relation TOTALS = new Relation("public", "order_totals");
    private static final Relation BIG = new Relation("analytics", "big_customers");

    private ProjectDatabase database;

    @BeforeEach
    void createStreamTables() throws SQLException {
        database = ProjectDatabase.create(
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED)),
                "StreamTableOperationsTests",
                ProjectDatabase.DEFAULT_TICK);
        try (Connection connection = database.connect()) {
            SeedLoader.load(
                    connection,
                    SeedSpec.of(
                            new Relation("public", "raw_orders"),
                            Path.of("..", "examples", "projects", "order_totals", "seeds", "raw_orders.csv")),
                    false);
        }
        execute("SELECT pgtrickle.create_stream_table('public.order_totals', $$SELECT customer_id, sum(amount) AS"
                + " total_amount FROM public.raw_orders GROUP BY customer_id$$, '1d', 'DIFFERENTIAL')");
        execute("CREATE SCHEMA analytics");
        execute("SELECT pgtrickle.create_stream_table('analytics.big_customers', $$SELECT customer_id FROM"
                + " public.order_totals WHERE total_amount > 100$$, '1d', 'FULL')");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private StreamTableOperations operations(boolean ownDatabase) {
        return new StreamTableOperations(
                database::connect,
                List.of(new ManagedStreamTable("order_totals", TOTALS), new ManagedStreamTable("big_customers", BIG)),
                "public",
                ownDatabase,
                selector -> switch (selector) {
                    case "order_totals+" -> Set.of("order_totals", "big_customers");
                    case "big_customers" -> Set.of("big_customers");
                    default -> throw new IllegalArgumentException("unknown selector " + selector);
                });
    }

    private StreamTableOperations operations() {
        return operations(true);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    @DisplayName("refresh(model) refreshes the model's stream table now; refresh(name, schema) qualifies")
    void refreshOne() throws SQLException {
        execute("INSERT INTO public.raw_orders VALUES (99, 555, 1000.00, now())");
        assertThat(operations().refresh("order_totals")).isEqualTo(TOTALS);
        assertThat(column("SELECT total_amount FROM public.order_totals WHERE customer_id = 555"))
                .containsExactly("1000.00");
        assertThat(operations().refresh("big_customers", "analytics")).isEqualTo(BIG);
        assertThat(column("SELECT customer_id FROM analytics.big_customers WHERE customer_id = 555"))
                .containsExactly("555");
        assertThat(operations().refresh("analytics.big_customers")).isEqualTo(BIG);
    }

    @Test
    @DisplayName("refreshing what does not exist names it, the server's message and the project's stream tables")
    void refreshUnknown() {
        assertThatThrownBy(() -> operations().refresh("nope"))
                .isInstanceOf(OperationException.class)
                .hasMessageContaining("refresh public.nope: ")
                .hasMessageContaining("stream table not found: public.nope")
                .hasMessageContaining("the project's stream tables are: order_totals -> public.order_totals,"
                        + " big_customers -> analytics.big_customers");
        assertThatThrownBy(() -> operations().refresh(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a model or stream table name is required");
    }

    @Test
    @DisplayName("refreshAll refreshes ACTIVE stream tables upstream first and leaves SUSPENDED ones")
    void refreshAll() throws SQLException {
        assertThat(operations().refreshAll()).containsExactly(TOTALS, BIG);
        execute("SELECT pgtrickle.alter_stream_table('analytics.big_customers', status => 'SUSPENDED')");
        assertThat(operations().refreshAll()).containsExactly(TOTALS);
    }

    @Test
    @DisplayName("checkFreshness: OK lines, WARN above warn, consecutive errors warned, ERROR above error throws")
    void freshness() throws SQLException {
        FreshnessReport fresh = operations().checkFreshness();
        assertThat(fresh.lines()).extracting(FreshnessReport.Line::name).containsExactly(BIG, TOTALS);
        assertThat(fresh.lines()).extracting(FreshnessReport.Line::level).containsOnly(FreshnessReport.Level.OK);
        assertThat(fresh.hasWarnings()).isFalse();

        // A '1d' schedule keeps the scheduler away; the catalog times are set as a stale table's would be.
        execute("UPDATE pgtrickle.pgt_stream_tables SET last_refresh_at = now() - interval '700 seconds',"
                + " consecutive_errors = 2 WHERE pgt_name = 'order_totals'");
        FreshnessReport warned = operations().checkFreshness("order_totals", 600, 1800);
        assertThat(warned.lines()).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo(FreshnessReport.Level.WARN);
            assertThat(line.consecutiveErrors()).isEqualTo(2);
            assertThat(line.describe(600, 1800))
                    .matches("WARN: public\\.order_totals is approaching staleness \\(70\\ds > 600s\\);"
                            + " WARN: 2 consecutive error\\(s\\)");
        });
        assertThat(warned.hasWarnings()).isTrue();

        execute("UPDATE pgtrickle.pgt_stream_tables SET last_refresh_at = now() - interval '2000 seconds'"
                + " WHERE pgt_name = 'order_totals'");
        assertThatThrownBy(() -> operations().checkFreshness())
                .isInstanceOf(FreshnessCheckFailedException.class)
                .hasMessageStartingWith("Freshness check failed: 1 stream table(s) exceeded the error threshold"
                        + " (1800s): public.order_totals")
                .hasMessageContaining("OK: analytics.big_customers is fresh")
                .satisfies(e -> assertThat(
                                ((FreshnessCheckFailedException) e).report().errors())
                        .extracting(FreshnessReport.Line::name)
                        .containsExactly(TOTALS));
    }

    @Test
    @DisplayName("checkFreshness refuses bad thresholds and unknown stream tables with clear messages")
    void freshnessBadInput() {
        assertThatThrownBy(() -> operations().checkFreshness(null, 900, 600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkFreshness: thresholds must be 0 <= warnSeconds <= errorSeconds, got warnSeconds=900,"
                        + " errorSeconds=600");
        assertThatThrownBy(() -> operations().checkFreshness("nope", 600, 1800))
                .isInstanceOf(OperationException.class)
                .hasMessageStartingWith(
                        "checkFreshness: stream table public.nope not found; the project's stream" + " tables are: ");
    }

    @Test
    @DisplayName("checkCdcHealth reads the real columns and fails on an alert")
    void cdcHealth() throws SQLException {
        CdcHealthReport healthy = operations().checkCdcHealth();
        assertThat(healthy.sources()).singleElement().satisfies(source -> {
            assertThat(source.sourceTable()).isEqualTo("raw_orders");
            assertThat(source.cdcMode()).isEqualTo("TRIGGER");
            assertThat(source.alert()).isEmpty();
            assertThat(source.describe()).isEqualTo("CDC: raw_orders [TRIGGER] ok");
        });

        // As on the real extension, trigger-captured sources get no alert, even with their triggers disabled: only
        // WAL sources (slot missing, lag) do, which the emulation cannot produce, so the failure is built by hand.
        execute("ALTER TABLE public.raw_orders DISABLE TRIGGER ALL");
        try {
            assertThat(operations().checkCdcHealth().alerts()).isEmpty();
        } finally {
            execute("ALTER TABLE public.raw_orders ENABLE TRIGGER ALL");
        }
        CdcHealthReport.Source walSource = new CdcHealthReport.Source(
                1L,
                "raw_orders",
                "WAL",
                Optional.of("pgtrickle_raw_orders"),
                Optional.empty(),
                Optional.empty(),
                Optional.of("replication_slot_missing"));
        assertThat(new CdcHealthCheckFailedException(new CdcHealthReport(List.of(walSource))))
                .hasMessage(
                        "CDC health check failed: 1 source(s) with alerts:%nCDC: raw_orders [WAL] ALERT:".formatted()
                                + " replication_slot_missing");
    }

    @Test
    @DisplayName("dropAllManaged drops only the project's stream tables, downstream first")
    void dropManaged() throws SQLException {
        execute("SELECT pgtrickle.create_stream_table('public.not_ours', $$SELECT id FROM public.raw_orders$$, '1d',"
                + " 'FULL')");
        assertThat(operations().dropAllManaged()).containsExactly(BIG, TOTALS);
        assertThat(column("SELECT pgt_name FROM pgtrickle.pgt_stream_tables")).containsExactly("not_ours");
        assertThat(operations().dropAllManaged()).isEmpty();
    }

    @Test
    @DisplayName("dropAll drops the whole catalog, only in a harness-created database")
    void dropAll() throws SQLException {
        execute("SELECT pgtrickle.create_stream_table('public.not_ours', $$SELECT id FROM public.raw_orders$$, '1d',"
                + " 'FULL')");
        assertThatThrownBy(() -> operations(false).dropAll())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("it only runs in a database the harness created. Use dropAllManaged() here");
        assertThat(column("SELECT count(*) FROM pgtrickle.pgt_stream_tables")).containsExactly("3");
        assertThat(operations().dropAll()).hasSize(3).contains(TOTALS, BIG);
        assertThat(column("SELECT count(*) FROM pgtrickle.pgt_stream_tables")).containsExactly("0");
    }

    @Test
    @DisplayName("list(selector) lists the selected stream table models with their catalog state")
    void list() throws SQLException {
        execute("SELECT pgtrickle.drop_stream_table('analytics.big_customers')");
        List<ListedStreamTable> all = operations().list("order_totals+");
        assertThat(all).extracting(ListedStreamTable::model).containsExactly("order_totals", "big_customers");
        assertThat(all.get(0).status()).contains("ACTIVE");
        assertThat(all.get(0).schedule()).contains("1d");
        assertThat(all.get(0).refreshMode()).contains("DIFFERENTIAL");
        assertThat(all.get(1).exists()).isFalse();
        assertThat(operations().list("big_customers"))
                .extracting(ListedStreamTable::name)
                .containsExactly(BIG);
        assertThat(operations().list("")).hasSize(2);
    }
}
