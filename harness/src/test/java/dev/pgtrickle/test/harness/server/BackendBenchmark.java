package dev.pgtrickle.test.harness.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Measures what a test suite pays for the embedded backend: cold start to first query, and a fresh per-class database
 * compared with baselines measured in the same run. Not a test (a timing on a shared machine proves nothing); run it:
 *
 * <pre>
 * mvn -B -ntp -q -pl harness test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.pgtrickle.test.harness.server.BackendBenchmark [-Dexec.args="5 20"]
 * </pre>
 *
 * Arguments: number of cold starts (default 3; 0 for none), number of databases per measurement (default 20). Results go to
 * standard output as a Markdown table, ready for {@code docs/performance.md}.
 */
public final class BackendBenchmark {

    private BackendBenchmark() {}

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int databases = args.length > 1 ? Integer.parseInt(args[1]) : 20;

        List<Double> coldStarts = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long begin = System.nanoTime();
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
            try {
                query(server, server.maintenanceDatabase(), "SELECT 1");
                coldStarts.add(millisSince(begin));
            } finally {
                server.close();
            }
        }

        EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        try {
            // Warm-up: the first CREATE DATABASE and the first class loads are not what a suite pays per class.
            measure(3, () -> projectDatabase(server));
            settle(server);
            List<Double> connection = measure(databases, () -> run(() -> query(server, "postgres", "SELECT 1")));
            // The two alternate, so that a change in the machine's load hits both. Before each, the background
            // finishes what the previous project database left (its drop, the spare that replaces it), as it does
            // while a test class runs its tests; that work never overlaps the baseline.
            List<Double> plainDatabase = new ArrayList<>();
            List<Double> project = new ArrayList<>();
            for (int i = 0; i < databases; i++) {
                settle(server);
                plainDatabase.addAll(measure(1, () -> plainDatabase(server)));
                settle(server);
                project.addAll(measure(1, () -> projectDatabase(server)));
            }
            settle(server);
            long begin = System.nanoTime();
            List<Double> backToBack = measure(databases, () -> projectDatabase(server));
            settle(server);
            double amortised = millisSince(begin) / databases;
            String template = EmulationTemplates.templateFor(server).orElseThrow();
            List<Double> walLog = measure(databases, () -> clone(server, template, "WAL_LOG"));
            List<Double> fileCopy = measure(databases, () -> clone(server, template, "FILE_COPY"));

            double plainMedian = median(plainDatabase);
            double connectionMedian = median(connection);
            System.out.printf(Locale.ROOT, "%n| Measurement | n | median ms | min ms | max ms | ratio |%n");
            System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|%n");
            if (!coldStarts.isEmpty()) {
                row("cold start to first query (first one in the JVM first)", coldStarts, Double.NaN);
            }
            row("baseline: open connection + SELECT 1 + close", connection, connectionMedian);
            row("baseline: CREATE DATABASE + connect + DROP DATABASE", plainDatabase, connectionMedian);
            row(
                    "ProjectDatabase.create (ready clone renamed, scheduler) + connect + close (drop left to the"
                            + " background)",
                    project,
                    plainMedian);
            row("the same back to back, the background given no time between them", backToBack, plainMedian);
            System.out.printf(
                    Locale.ROOT,
                    "| back to back, amortised: wall time of the %d and of the background's drops and refills after"
                            + " them, per database | %d | %.0f | | | %.2f× |%n",
                    databases,
                    databases,
                    amortised,
                    amortised / plainMedian);
            row("clone of the emulation template, STRATEGY WAL_LOG + connect + DROP", walLog, plainMedian);
            row("clone of the emulation template, STRATEGY FILE_COPY + connect + DROP", fileCopy, plainMedian);
            System.out.printf(
                    Locale.ROOT,
                    "%nratio column: connection rows against the plain connection, the others against the plain"
                            + " CREATE/DROP DATABASE.%nThe plain and the first ProjectDatabase row alternate; before"
                            + " each, the background finishes (untimed) the drop and the spare clone the previous"
                            + " project database left, as it does while a test class runs its tests.%nJVM %s, %d"
                            + " processors%n",
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            server.close();
        }
    }

    /**
     * Let the background drop what the last measurement closed and clone the spares it took, so that its work does
     * not fall into the next measurement.
     */
    private static void settle(EmbeddedPostgresServer server) throws InterruptedException {
        EmulationTemplates.awaitDrops(server, Duration.ofMinutes(2));
        EmulationTemplates.awaitSpares(server, Duration.ofMinutes(2));
    }

    private static void plainDatabase(EmbeddedPostgresServer server) {
        String name = ProjectDatabase.uniqueName("bench_plain");
        run(() -> {
            query(server, "postgres", "CREATE DATABASE \"" + name + "\"");
            query(server, name, "SELECT 1");
            query(server, "postgres", "DROP DATABASE \"" + name + "\" WITH (FORCE)");
        });
    }

    private static void clone(EmbeddedPostgresServer server, String template, String strategy) {
        String name = ProjectDatabase.uniqueName("bench_clone");
        run(() -> {
            query(
                    server,
                    "postgres",
                    "CREATE DATABASE \"%s\" TEMPLATE \"%s\" STRATEGY %s".formatted(name, template, strategy));
            query(server, name, "SELECT 1");
            query(server, "postgres", "DROP DATABASE \"" + name + "\" WITH (FORCE)");
        });
    }

    private static void projectDatabase(EmbeddedPostgresServer server) {
        try (ProjectDatabase database = ProjectDatabase.create(server, "bench", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void run(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void query(PostgresServer server, String database, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    rows.next();
                }
            }
        }
    }

    private static List<Double> measure(int times, Runnable action) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long begin = System.nanoTime();
            action.run();
            millis.add(millisSince(begin));
        }
        return millis;
    }

    private static double millisSince(long begin) {
        return (System.nanoTime() - begin) / 1_000_000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void row(String what, List<Double> values, double baseline) {
        Supplier<String> ratio =
                () -> Double.isNaN(baseline) ? "–" : String.format(Locale.ROOT, "%.2f×", median(values) / baseline);
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.0f | %.0f | %.0f | %s |%n",
                what,
                values.size(),
                median(values),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                ratio.get());
        if (what.startsWith("cold")) {
            System.out.printf(
                    Locale.ROOT,
                    "|   each cold start, in order | | %s | | | |%n",
                    values.stream()
                            .map(v -> String.format(Locale.ROOT, "%.0f", v))
                            .toList());
        }
    }
}
