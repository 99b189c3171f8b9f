package dev.pgtrickle.test.harness.catalog;

import static dev.pgtrickle.test.harness.catalog.StreamTableFixtures.create;
import static dev.pgtrickle.test.harness.catalog.StreamTableFixtures.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.server.ProjectDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StreamTable handle")
class StreamTableTests {

    private static ProjectDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = StreamTableFixtures.database("StreamTableTests");
        execute(
                database,
                "CREATE TABLE raw_orders (id int PRIMARY KEY, customer_id int, amount numeric(10,2), ordered_on date)",
                "INSERT INTO raw_orders VALUES (1, 1, 10.00, '2026-01-01'), (2, 1, 20.50, '2026-01-02'),"
                        + " (3, 2, 5.00, '2026-01-03')",
                "CREATE SCHEMA analytics");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static StreamTable totals(String name) {
        return create(
                database,
                name,
                "SELECT customer_id, count(*) AS order_count, sum(amount) AS total_amount"
                        + " FROM raw_orders GROUP BY customer_id",
                "1m",
                "FULL");
    }

    @Test
    @DisplayName("reads status, population, settings, query and refresh times from the catalog")
    void readsState() {
        StreamTable table = totals("public.state_totals");

        StreamTableState state = table.state();

        assertThat(state.qualifiedName()).isEqualTo("public.state_totals");
        assertThat(state.status()).isEqualTo("ACTIVE");
        assertThat(state.active()).isTrue();
        assertThat(state.broken()).isFalse();
        assertThat(state.populated()).isTrue();
        assertThat(state.consecutiveErrors()).isZero();
        assertThat(state.lastErrorMessage()).isEmpty();
        assertThat(state.schedule()).contains("1m");
        assertThat(state.refreshMode()).isEqualTo("FULL");
        assertThat(state.definingQuery()).contains("GROUP BY customer_id");
        assertThat(state.lastRefreshAt()).isPresent();
        assertThat(state.dataTimestamp()).isPresent();
        assertThat(state.staleness())
                .hasValueSatisfying(staleness ->
                        assertThat(staleness).isLessThan(Duration.ofMinutes(10)).isGreaterThanOrEqualTo(Duration.ZERO));
        assertThat(state.lastRefreshAt().orElseThrow()).isBeforeOrEqualTo(state.observedAt());
    }

    @Test
    @DisplayName("reads rows and columns without __pgt_* columns, with numbers normalised")
    void readsRowsWithoutInternalColumns() {
        StreamTable table = totals("public.rows_totals");

        assertThat(table.columns()).containsExactly("customer_id", "order_count", "total_amount");
        assertThat(table.rows())
                .containsExactlyInAnyOrder(Row.of(1, 2, new BigDecimal("30.5")), Row.of(2L, 1, new BigDecimal("5.00")));
        assertThat(table.contents().columns()).doesNotContain("__pgt_row_id");
        assertThat(table.rowCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("reads timestamptz as instants and timestamp as local date-times")
    void readsTimestamps() {
        execute(
                database,
                "CREATE TABLE events (id int PRIMARY KEY, at timestamptz, local_at timestamp)",
                "INSERT INTO events VALUES (1, '2026-01-02 03:04:05+02', '2026-01-02 03:04:05')");
        StreamTable table = create(database, "event_copy", "SELECT id, at, local_at FROM events", "1h", "FULL");

        assertThat(table.rows())
                .containsExactly(Row.of(
                        1, Instant.parse("2026-01-02T01:04:05Z"), java.time.LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
        assertThat(table.max("at")).isEqualTo(Instant.parse("2026-01-02T01:04:05Z"));
    }

    @Test
    @DisplayName("computes totals of a column: sum, count, min, max, any aggregate")
    void computesTotals() {
        StreamTable table = totals("public.sum_totals");

        assertThat(table.sum("total_amount")).isEqualTo(Row.normalise(new BigDecimal("35.50")));
        assertThat(table.count("*")).isEqualTo(2);
        assertThat(table.count("customer_id")).isEqualTo(2);
        assertThat(table.min("total_amount")).isEqualTo(Row.normalise(5));
        assertThat(table.max("order_count")).isEqualTo(Row.normalise(2));
        assertThat(table.aggregate("avg", "order_count")).isEqualTo(Row.normalise(new BigDecimal("1.5")));
        assertThatThrownBy(() -> table.sum("amount"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream table public.sum_totals has no column 'amount'; its columns are: customer_id,"
                        + " order_count, total_amount");
    }

    @Test
    @DisplayName("refreshes on request, and the history lists the refresh first")
    void refreshesAndRecordsHistory() {
        execute(
                database,
                "CREATE TABLE refresh_src (id int PRIMARY KEY, v int)",
                "INSERT INTO refresh_src VALUES (1, 1)");
        StreamTable table = create(database, "refresh_copy", "SELECT id, v FROM refresh_src", "1m", "FULL");
        Instant before = table.state().lastRefreshAt().orElseThrow();
        execute(database, "INSERT INTO refresh_src VALUES (2, 2)");
        assertThat(table.rowCount()).isEqualTo(1);

        table.refresh();

        assertThat(table.rows()).containsExactlyInAnyOrder(Row.of(1, 1), Row.of(2, 2));
        assertThat(table.state().lastRefreshAt())
                .hasValueSatisfying(at -> assertThat(at).isAfter(before));
        List<RefreshHistoryEntry> history = table.history(10);
        assertThat(history).isNotEmpty();
        assertThat(history.get(0).status()).isEqualTo("COMPLETED");
        assertThat(history.get(0).initiatedBy()).contains("MANUAL");
        assertThat(history.get(0).rowsInserted()).isEqualTo(2);
        assertThat(history).isSortedAccordingTo((a, b) -> Long.compare(b.refreshId(), a.refreshId()));
    }

    @Test
    @DisplayName("evaluates the defining query afresh: equal after a refresh, ahead of the table before it")
    void evaluatesTheDefiningQuery() {
        execute(
                database,
                "CREATE TABLE dq_src (id int PRIMARY KEY, d date)",
                "INSERT INTO dq_src VALUES (1, '2026-05-01')");
        StreamTable table = create(database, "dq_copy", "SELECT id, d FROM dq_src", "1m", "FULL");

        assertThat(table.definingQueryRows().rows()).isEqualTo(table.rows());
        assertThat(table.definingQueryRows().columns()).isEqualTo(table.columns());
        execute(database, "INSERT INTO dq_src VALUES (2, NULL)");
        assertThat(table.definingQueryRows().rows())
                .containsExactlyInAnyOrder(Row.of(1, LocalDate.of(2026, 5, 1)), Row.of(2, null));
        assertThat(table.rows()).containsExactly(Row.of(1, LocalDate.of(2026, 5, 1)));
    }

    @Test
    @DisplayName("resolves an unqualified name to its schema")
    void resolvesUnqualifiedNames() {
        create(database, "analytics.only_here", "SELECT id FROM raw_orders", "1m", "FULL");

        StreamTable table = StreamTable.of(database, "only_here");

        assertThat(table.schema()).isEqualTo("analytics");
        assertThat(table.qualifiedName()).isEqualTo("analytics.only_here");
        assertThat(table.rowCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("an unknown name fails naming schema.name and listing the stream tables that exist")
    void unknownNameListsExistingTables() {
        totals("public.listed_totals");
        StreamTable missing = StreamTable.of(database, "public.no_such_table");

        assertThatThrownBy(missing::state)
                .isInstanceOf(UnknownStreamTableException.class)
                .hasMessageStartingWith("no stream table public.no_such_table in database " + database.name()
                        + "; the stream tables are: ")
                .hasMessageContaining("public.listed_totals");
        assertThatThrownBy(() -> StreamTable.of(database, "nowhere").rows())
                .isInstanceOf(UnknownStreamTableException.class)
                .hasMessageStartingWith("no stream table named nowhere in any schema");
    }

    @Test
    @DisplayName("works over any connection factory; messages then leave out the database name")
    void worksOverAConnectionFactory() {
        totals("public.factory_totals");

        assertThat(StreamTable.of(database::connect, "public.factory_totals").rowCount())
                .isEqualTo(2);
        assertThatThrownBy(
                        () -> StreamTable.of(database::connect, "public.absent").state())
                .isInstanceOf(UnknownStreamTableException.class)
                .hasMessageStartingWith("no stream table public.absent; the stream tables are: ");
    }

    @Test
    @DisplayName("a plain table of the same name is not a stream table")
    void plainTablesAreNotStreamTables() {
        execute(database, "CREATE TABLE not_a_stream_table (id int)");

        assertThatThrownBy(() ->
                        StreamTable.of(database, "public.not_a_stream_table").rowCount())
                .isInstanceOf(UnknownStreamTableException.class)
                .hasMessageStartingWith("no stream table public.not_a_stream_table");
    }

    @Test
    @DisplayName("a failing refresh throws with the database's message")
    void failingRefreshCarriesTheDatabaseMessage() {
        execute(database, "CREATE TABLE div_src (id int PRIMARY KEY, amount int)", "INSERT INTO div_src VALUES (1, 4)");
        StreamTable table =
                create(database, "div_ratio", "SELECT id, 100 / amount AS ratio FROM div_src", "1m", "FULL");
        execute(database, "INSERT INTO div_src VALUES (2, 0)");

        assertThatThrownBy(table::refresh)
                .isInstanceOf(StreamTableException.class)
                .hasMessageStartingWith("refresh of stream table public.div_ratio failed: ")
                .hasMessageContaining("division by zero");
    }

    @Test
    @DisplayName("an empty name is refused")
    void emptyNameIsRefused() {
        assertThatThrownBy(() -> StreamTable.of(database, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream table name must not be empty; pass 'schema.name' or 'name'");
    }
}
