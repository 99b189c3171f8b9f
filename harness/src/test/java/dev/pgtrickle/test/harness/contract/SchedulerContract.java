package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The background scheduler: due-ness, NO_DATA cycles, CALCULATED, and what failing refreshes leave behind. */
interface SchedulerContract extends ContractSupport {

    private long historyCount(String name, String condition) throws SQLException {
        return db().history(name).stream()
                .filter(h -> condition.isEmpty() || matchesCondition(h, condition))
                .count();
    }

    private static boolean matchesCondition(Map<String, Object> row, String condition) {
        for (String part : condition.split(",")) {
            String[] kv = part.split("=");
            if (!kv[1].equals(String.valueOf(row.get(kv[0])))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Let the scheduler make several passes (a later stream table refreshed twice), then check that the failing
     * {@code name} shows nothing of it: a retryable failure leaves the catalog as it was.
     */
    private void assertRetriedSilently(String name) throws SQLException {
        db().execute("CREATE TABLE witness_src (id int PRIMARY KEY)");
        db().execute("SELECT pgtrickle.create_stream_table('witness', 'SELECT id FROM {s}.witness_src', '1s', 'FULL')");
        for (int rows = 1; rows <= 2; rows++) {
            db().execute("INSERT INTO witness_src VALUES (" + rows + ")");
            long expected = rows;
            eventually(() -> assertThat(db().count("SELECT * FROM witness")).isEqualTo(expected));
        }
        assertThat(db().catalog(name))
                .containsEntry("status", "ACTIVE")
                .containsEntry("consecutive_errors", 0)
                .containsEntry("last_error_message", null);
    }

    @Test
    @DisplayName("a '1s' stream table picks up source changes by itself, recorded as SCHEDULER refreshes")
    default void scheduledRefresh() throws SQLException {
        ordersTable();
        createTotals("1s", "DIFFERENTIAL");
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        eventually(() -> assertThat(totalsCorrect()).isTrue());
        // DIFFERENTIAL, or FULL when the real extension's adaptive fallback kicks in (1 of 4 rows changed is above
        // pg_trickle.differential_max_change_ratio, 0.15 in the image).
        eventually(() -> assertThat(
                        historyCount("order_totals", "initiated_by=SCHEDULER,status=COMPLETED,action=DIFFERENTIAL")
                                + historyCount("order_totals", "initiated_by=SCHEDULER,status=COMPLETED,action=FULL"))
                .isPositive());
    }

    @Test
    @DisplayName("no source change: NO_DATA cycles advance last_refresh_at but not data_timestamp")
    default void noDataCycles() throws SQLException {
        ordersTable();
        createTotals("1s", "DIFFERENTIAL");
        Map<String, Object> before = totals();
        eventually(() -> assertThat(historyCount("order_totals", "initiated_by=SCHEDULER,action=NO_DATA"))
                .isPositive());
        Map<String, Object> after = totals();
        // NO_DATA cycles leave data_timestamp alone (since 0.2.0). Only checked when no other scheduled refresh ran in
        // between: whether 0.14 stores a frontier at the initial fill (else its first DIFFERENTIAL runs FULL and moves
        // data_timestamp) is not documented.
        long otherScheduled = db().history("order_totals").stream()
                .filter(h -> "SCHEDULER".equals(h.get("initiated_by")) && !"NO_DATA".equals(h.get("action")))
                .count();
        if (otherScheduled == 0) {
            assertThat(after.get("data_timestamp")).isEqualTo(before.get("data_timestamp"));
        }
        assertThat((Instant) after.get("last_refresh_at")).isAfter((Instant) before.get("last_refresh_at"));
        assertThat(after).containsEntry("status", "ACTIVE");
    }

    @Test
    @DisplayName("CALCULATED: refreshed when a source changes, upstream stream table first")
    default void calculatedFollowsUpstream() throws SQLException {
        ordersTable();
        createTotals("1s", "DIFFERENTIAL");
        db().execute("SELECT pgtrickle.create_stream_table('customers_count',"
                + " 'SELECT count(*) AS customers FROM {s}.order_totals', 'calculated', 'DIFFERENTIAL')");
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e'), (6, 104, 2.00, 'f')");
        eventually(() ->
                assertThat(db().value("SELECT customers FROM customers_count")).isEqualTo(5L));
        // Whether the real scheduler also runs NO_DATA cycles for a CALCULATED table without downstream readers
        // (pg_trickle.default_schedule_seconds, reference §6.3) is not clear, so NO_DATA rows are not asserted here.
    }

    @Test
    @DisplayName("a failing scheduled refresh (division by zero): status ERROR with last_error_message, then resume")
    default void scheduledFailureGoesToError() throws SQLException {
        db().execute("CREATE TABLE divisors (id int PRIMARY KEY, d int NOT NULL)");
        db().execute("INSERT INTO divisors VALUES (1, 2), (2, 5)");
        // FULL: every refresh recomputes from the current rows, so once the zero is deleted the next refresh succeeds.
        // A DIFFERENTIAL delta could still meet the inserted-then-deleted zero in the real change buffer.
        db().execute("SELECT pgtrickle.create_stream_table('quotients', 'SELECT id, 100 / d AS q FROM {s}.divisors',"
                + " '1s', 'FULL')");
        db().execute("CREATE TABLE healthy_src (id int PRIMARY KEY)");
        db().execute("SELECT pgtrickle.create_stream_table('healthy', 'SELECT id FROM {s}.healthy_src', '1s', 'FULL')");
        db().execute("INSERT INTO divisors VALUES (3, 0)");
        eventually(() -> assertThat(db().catalog("quotients")).containsEntry("status", "ERROR"));
        Map<String, Object> st = db().catalog("quotients");
        // The stored text is the scheduler's dump of the error report, not the bare message, and a permanent error
        // does not count consecutive_errors (fidelity audit C1).
        assertThat((String) st.get("last_error_message"))
                .contains("division by zero")
                .isNotEqualTo("division by zero");
        assertThat(st).containsEntry("consecutive_errors", 0);
        assertThat(st.get("last_error_at")).isNotNull();
        assertThat(db().count("SELECT * FROM quotients")).isEqualTo(2);

        // The other stream table keeps being refreshed.
        db().execute("INSERT INTO healthy_src VALUES (1)");
        eventually(() -> assertThat(db().count("SELECT * FROM healthy")).isEqualTo(1));

        // 0.67 refuses a manual refresh in ERROR and resumes from ERROR (reference §2.5, §2.6); 0.14.0, where status
        // ERROR appeared, documents "alter/refresh clear the error state" instead. Either way this refresh fails.
        SQLException refused = db().error("SELECT pgtrickle.refresh_stream_table('quotients')");
        if (referenceEra()) {
            assertThat(refused.getMessage()).contains("is in error state");
        }
        db().execute("DELETE FROM {s}.divisors WHERE d = 0");
        if (referenceEra()) {
            db().execute("SELECT pgtrickle.resume_stream_table('quotients')");
            assertThat(db().catalog("quotients")).containsEntry("last_error_message", null);
        } else {
            db().execute("SELECT pgtrickle.alter_stream_table('quotients', status => 'ACTIVE')");
        }
        db().execute("INSERT INTO divisors VALUES (4, 4)");
        eventually(() -> assertThat(db().count("SELECT * FROM quotients")).isEqualTo(3));
        assertThat(db().catalog("quotients")).containsEntry("status", "ACTIVE").containsEntry("consecutive_errors", 0);
    }

    @Test
    @DisplayName("a retryable failure (a raised 40001) leaves the catalog untouched, never suspends, and is retried")
    default void retryableFailuresAreRetried() throws SQLException {
        db().execute("CREATE TABLE flags (id int PRIMARY KEY, ok boolean NOT NULL)");
        db().execute("INSERT INTO flags VALUES (1, true)");
        // Raises 40001 whenever it sees ok = false; the message matches none of the permanent-error texts.
        db().execute("CREATE FUNCTION flaky(ok boolean) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$"
                + " BEGIN IF NOT ok THEN RAISE EXCEPTION 'simulated conflict' USING ERRCODE = '40001'; END IF;"
                + " RETURN ok; END $$");
        db().execute("SELECT pgtrickle.create_stream_table('flagged', 'SELECT id, {s}.flaky(ok) AS ok FROM {s}.flags',"
                + " '1s', 'FULL')");
        long historyBefore = db().history("flagged").size();
        db().execute("UPDATE flags SET ok = false");
        assertRetriedSilently("flagged");
        assertThat(db().history("flagged")).hasSize((int) historyBefore);
        assertThat(db().value("SELECT bool_and(ok) FROM flagged")).isEqualTo(true);

        // When the cause goes away, the retries bring the table up to date by themselves.
        db().execute("UPDATE flags SET ok = true WHERE id = 1");
        db().execute("INSERT INTO flags VALUES (2, true)");
        eventually(() -> assertThat(db().count("SELECT * FROM flagged")).isEqualTo(2));
        assertThat(db().catalog("flagged")).containsEntry("status", "ACTIVE").containsEntry("consecutive_errors", 0);
    }

    @Test
    @DisplayName(
            "bad input in a scheduled refresh (invalid input syntax) is retryable: ACTIVE, no error, stale contents")
    default void badInputIsRetryable() throws SQLException {
        db().execute("CREATE TABLE raw_payments (id int PRIMARY KEY, amount_text text NOT NULL)");
        db().execute("INSERT INTO raw_payments VALUES (1, '10.50')");
        db().execute("SELECT pgtrickle.create_stream_table('payments',"
                + " 'SELECT id, amount_text::numeric AS amount FROM {s}.raw_payments', '1s', 'FULL')");
        db().execute("INSERT INTO raw_payments VALUES (99, 'n/a')");
        assertRetriedSilently("payments");
        assertThat(db().count("SELECT * FROM payments")).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "CREATE OR REPLACE VIEW of a view a stream table reads: the scheduler rebuilds it without a source change")
    default void redefinedViewIsPickedUp() throws SQLException {
        ordersTable();
        // A dbt staging view, replaced in place as the harness (and dbt's view materialization) does.
        db().execute("CREATE VIEW stg_orders AS SELECT id, customer_id, amount FROM orders");
        db().execute("SELECT pgtrickle.create_stream_table('staged', 'SELECT id, amount FROM {s}.stg_orders', '1s',"
                + " 'DIFFERENTIAL')");
        assertThat(db().count("SELECT * FROM staged")).isEqualTo(4);
        db().execute(
                        "CREATE OR REPLACE VIEW stg_orders AS SELECT id, customer_id, amount FROM orders WHERE amount > 10");
        eventually(() -> assertThat(db().count("SELECT * FROM staged")).isEqualTo(2));
        assertThat(db().catalog("staged")).containsEntry("status", "ACTIVE").containsEntry("needs_reinit", false);
    }

    @Test
    @DisplayName("SUSPENDED stream tables are not refreshed by the scheduler")
    default void suspendedIsSkipped() throws SQLException {
        ordersTable();
        createTotals("1s", "DIFFERENTIAL");
        db().execute("SELECT pgtrickle.alter_stream_table('order_totals', status => 'SUSPENDED')");
        long before = historyCount("order_totals", "");
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        // A later stream table on the same source does get refreshed: once it has, the scheduler had its chance.
        db().execute("SELECT pgtrickle.create_stream_table('ids', 'SELECT id FROM {s}.orders', '1s', 'FULL')");
        db().execute("INSERT INTO orders VALUES (6, 103, 1.00, 'f')");
        eventually(() -> assertThat(db().count("SELECT * FROM ids")).isEqualTo(6));
        assertThat(historyCount("order_totals", "")).isEqualTo(before);
        assertThat(totalsCorrect()).isFalse();
    }

    @Test
    @DisplayName("pg_trickle_alert: refresh_completed after scheduled refreshes and resumed after a resume, with the"
            + " real payloads; nothing for a manual refresh or a suspension")
    default void alerts() throws Exception {
        ordersTable();
        String quiet = db().qualified("quiet");
        // Due only in an hour: the scheduler leaves it alone, so every alert about it comes from the calls below.
        db().execute("SELECT pgtrickle.create_stream_table('%s', 'SELECT id FROM {s}.orders', '1h', 'FULL')"
                .formatted(quiet));
        List<JsonNode> alerts = new CopyOnWriteArrayList<>();
        String totals = db().qualified("order_totals");
        try (Connection listener = otherConnection();
                Statement statement = listener.createStatement()) {
            statement.execute("LISTEN pg_trickle_alert");
            PGConnection notifications = listener.unwrap(PGConnection.class);
            refresh("quiet");
            db().execute("SELECT pgtrickle.alter_stream_table('%s', status => 'SUSPENDED')".formatted(quiet));
            db().execute("SELECT pgtrickle.resume_stream_table('%s')".formatted(quiet));
            createTotals("1s", "DIFFERENTIAL");
            db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
            eventually(() -> {
                PGNotification[] batch = notifications.getNotifications(100);
                for (PGNotification notification : batch == null ? new PGNotification[0] : batch) {
                    alerts.add(new ObjectMapper().readTree(notification.getParameter()));
                }
                assertThat(alerts)
                        .extracting(alert -> alert.path("event").asText() + " "
                                + alert.path("st").asText())
                        .contains("refresh_completed " + totals);
            });
        }
        JsonNode completed = alerts.stream()
                .filter(alert -> alert.path("st").asText().equals(totals))
                .findFirst()
                .orElseThrow();
        assertThat(completed.path("pgt_schema").asText()).isEqualTo(db().schema());
        assertThat(completed.path("pgt_name").asText()).isEqualTo("order_totals");
        assertThat(completed.path("action").asText()).isIn("FULL", "DIFFERENTIAL", "NO_DATA", "REINITIALIZE");
        List<JsonNode> aboutQuiet = alerts.stream()
                .filter(alert -> alert.path("st").asText().equals(quiet))
                .toList();
        if (!atLeast("0.17.0")) {
            assertThat(aboutQuiet).isEmpty();
            return;
        }
        assertThat(aboutQuiet)
                .singleElement()
                .satisfies(resumed -> assertThat(resumed.path("event").asText()).isEqualTo("resumed"));
        if (referenceEra()) {
            assertThat(fieldNames(completed))
                    .containsExactlyInAnyOrder(
                            "event",
                            "pgt_schema",
                            "pgt_name",
                            "st",
                            "action",
                            "rows_inserted",
                            "rows_deleted",
                            "duration_ms");
            assertThat(fieldNames(aboutQuiet.get(0)))
                    .containsExactlyInAnyOrder("event", "pgt_schema", "pgt_name", "st", "previous_status");
            assertThat(aboutQuiet.get(0).path("previous_status").asText()).isEqualTo("SUSPENDED");
        }
    }

    private static List<String> fieldNames(JsonNode alert) {
        List<String> names = new ArrayList<>();
        alert.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
