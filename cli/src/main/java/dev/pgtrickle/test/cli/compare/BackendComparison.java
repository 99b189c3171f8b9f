package dev.pgtrickle.test.cli.compare;

import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SettingSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one dbt project on two backends and fails when they disagree: run results, dbt test outcomes or stream table
 * contents.
 *
 * <pre>
 * java -cp ... dev.pgtrickle.test.cli.compare.BackendComparison --project DIR --backend embedded --backend container
 *     [--setup-script FILE]...
 * </pre>
 *
 * <p>The container image is the harness's setting ({@code -Dpgtrickle.image} or {@code PGTRICKLE_IMAGE}). Exit codes:
 * 0 the backends agree, 1 they differ (each difference printed), 2 a usage error. CI runs it with the embedded backend
 * (pg_trickle emulated) against the real image; here, without Docker, it is tested embedded against embedded.
 */
public final class BackendComparison {

    private BackendComparison() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command, with its output streams; answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path project = null;
        List<BackendKind> backends = new ArrayList<>();
        List<Path> setupScripts = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--project" -> project = Path.of(value).toAbsolutePath();
                    case "--backend" -> backends.add(BackendKind.parse(value, "--backend"));
                    case "--setup-script" -> setupScripts.add(Path.of(value).toAbsolutePath());
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (project == null || !Files.isRegularFile(project.resolve("dbt_project.yml"))) {
                throw new IllegalArgumentException("--project must name a dbt project folder (with dbt_project.yml)");
            }
            if (backends.size() != 2) {
                throw new IllegalArgumentException("give exactly two --backend options, e.g. embedded and container");
            }
        } catch (IllegalArgumentException e) {
            err.println("backend comparison: " + e.getMessage());
            err.println(
                    "usage: BackendComparison --project DIR --backend KIND --backend KIND [--setup-script FILE]...");
            return 2;
        }
        List<BackendSnapshot> snapshots = new ArrayList<>();
        for (BackendKind backend : backends) {
            SessionOptions options = SessionOptions.builder(project)
                    .server(ServerSettings.resolve(SettingSource.systemProperties(), SettingSource.environment())
                            .withBackend(backend))
                    .setupScripts(setupScripts)
                    .build();
            BackendSnapshot snapshot = BackendSnapshot.take(options);
            out.printf(
                    "%s: %d models, %d dbt tests, %d stream tables (%s)%n",
                    backend.name().toLowerCase(java.util.Locale.ROOT),
                    snapshot.models().size(),
                    snapshot.tests().size(),
                    snapshot.contents().size(),
                    snapshot.backend());
            snapshots.add(snapshot);
        }
        List<String> differences = snapshots.get(0).differences(snapshots.get(1));
        if (differences.isEmpty()) {
            out.println("the backends agree on run results, dbt test outcomes and stream table contents");
            return 0;
        }
        differences.forEach(difference -> out.println("DIFFERS " + difference));
        out.printf("%d differences between the backends%n", differences.size());
        return 1;
    }
}
