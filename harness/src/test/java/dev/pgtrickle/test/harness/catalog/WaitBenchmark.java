package dev.pgtrickle.test.harness.catalog;

import static dev.pgtrickle.test.harness.catalog.StreamTableFixtures.execute;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how soon a wait sees a state change (issue 13, target 4): the time from a scheduled refresh being committed
 * to {@link StreamTableWaiter#awaitRefreshAfter} returning, with the waiter listening for pg_trickle's alerts and, as
 * the baseline in the same run, with {@link StreamTableWaiter#pollingOnly()}; the two alternate round by round. Not a
 * test (a timing on a shared machine proves nothing); {@code bin/benchmark} runs it:
 *
 * <pre>
 * java -cp ... dev.pgtrickle.test.harness.catalog.WaitBenchmark [changes per side, default 20]
 * </pre>
 *
 * <p>Each round writes a source row, starts the wait, and on another thread, after a random 100-400 ms (so the change
 * falls anywhere in the waiter's poll schedule), runs one scheduler tick ({@code pgtrickle._emulation_tick()}, what the
 * emulated scheduler's thread calls; the database's own scheduler is idle) over its own connection; the clock starts
 * when that call returns, i.e. when the refresh and its {@code refresh_completed} alert are committed. Prints {@code
 * wait <n> <median listening ms> <median polling ms>} and, on standard error, every figure.
 */
public final class WaitBenchmark {

    private WaitBenchmark() {}

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        // The shared embedded server stops when the JVM exits.
        try (ProjectDatabase database = ProjectDatabase.create(
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED)),
                "bench_wait",
                Duration.ofHours(1))) {
            execute(
                    database,
                    "CREATE TABLE wait_src (id int PRIMARY KEY)",
                    "SELECT pgtrickle.create_stream_table('wait_st', 'SELECT count(*) AS n FROM public.wait_src',"
                            + " 'calculated', 'FULL')");
            StreamTable table = StreamTable.of(database, "public.wait_st");
            StreamTableWaiter listening = StreamTableWaiter.withTimeout(Duration.ofSeconds(60));
            StreamTableWaiter polling = listening.pollingOnly();
            Random random = new Random(4);
            // Warm-up: class loading and the first connections are not what a wait costs.
            round(database, table, listening, 100, 0);
            round(database, table, polling, 100, 1);
            List<Double> listened = new ArrayList<>();
            List<Double> polled = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                listened.add(round(database, table, listening, 100 + random.nextInt(300), 2 + 2 * i));
                polled.add(round(database, table, polling, 100 + random.nextInt(300), 3 + 2 * i));
            }
            System.err.printf(Locale.ROOT, "listening: %s%npolling only: %s%n", rounded(listened), rounded(polled));
            System.out.printf(Locale.ROOT, "wait %d %.1f %.1f%n", changes, median(listened), median(polled));
        }
    }

    /** One state change: milliseconds from the committed refresh to the waiter's return. */
    private static double round(
            ProjectDatabase database, StreamTable table, StreamTableWaiter waiter, int delayMillis, int id)
            throws Exception {
        execute(database, "INSERT INTO wait_src VALUES (" + id + ")");
        Instant before = table.state().observedAt();
        CompletableFuture<Long> committed = CompletableFuture.supplyAsync(() -> {
            sleep(delayMillis);
            execute(database, "SELECT pgtrickle._emulation_tick()");
            return System.nanoTime();
        });
        waiter.awaitRefreshAfter(table, before);
        long returned = System.nanoTime();
        return (returned - committed.get(1, TimeUnit.MINUTES)) / 1_000_000.0;
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static List<String> rounded(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
    }
}
