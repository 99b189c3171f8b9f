package dev.pgtrickle.test.harness.seed;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * Measures {@link SeedLoader} against pgjdbc's {@code CopyManager} sending the raw file into a typed table, both in one
 * JVM on one embedded server, alternating. Not a test; {@code bin/benchmark} runs it:
 *
 * <pre>
 * java -cp ... dev.pgtrickle.test.harness.seed.SeedBenchmark FILE.csv RUNS
 * </pre>
 *
 * The file must be the orders seed that {@code bin/benchmark} generates (its table is typed for those five columns).
 * Prints one line: {@code seed-vs-copymanager <seed median ms> <copy median ms>}.
 */
public final class SeedBenchmark {

    private SeedBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        PostgresServer server = SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        List<Long> seed = new ArrayList<>();
        List<Long> copy = new ArrayList<>();
        try (ProjectDatabase database = ProjectDatabase.create(server, "seed_benchmark", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            for (int run = 0; run <= runs; run++) { // the first is a warm-up
                statement.execute("DROP TABLE IF EXISTS public.raw_copy");
                statement.execute("CREATE TABLE public.raw_copy (order_id integer, customer_id integer,"
                        + " amount numeric, status text, ordered_at timestamp)");
                long start = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    connection
                            .unwrap(PGConnection.class)
                            .getCopyAPI()
                            .copyIn("COPY public.raw_copy FROM STDIN (FORMAT csv, HEADER true)", in, 1 << 18);
                }
                long copyMillis = (System.nanoTime() - start) / 1_000_000;
                SeedResult result =
                        SeedLoader.load(connection, SeedSpec.of(new Relation("public", "orders"), file), true);
                if (run > 0) {
                    copy.add(copyMillis);
                    seed.add(result.elapsed().toMillis());
                }
            }
        } finally {
            SharedServers.stopAll();
        }
        System.out.printf(Locale.ROOT, "seed-vs-copymanager %d %d%n", median(seed), median(copy));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
