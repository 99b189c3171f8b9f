package dev.pgtrickle.test.harness.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures how fast a project is loaded and rendered (every model compiled, no database), warm: the same project
 * compiled again and again in one JVM after a few warm-up rounds. Not a test; {@code bin/benchmark} runs it on the
 * generated 300-model project:
 *
 * <pre>
 * java -cp ... dev.pgtrickle.test.harness.engine.RenderBenchmark PROJECT_DIR RUNS
 * </pre>
 *
 * Prints one line: {@code render <models> <median ms> <models per second> <median CPU ms>}, the last the CPU time of the
 * rendering thread alone: on a loaded machine the wall time mostly measures the wait for a core, this does not.
 */
public final class RenderBenchmark {

    private static final int WARM_UP = 5;

    private RenderBenchmark() {}

    public static void main(String[] args) {
        Path project = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SessionOptions options = SessionOptions.builder(project).build();
        int models = 0;
        List<Long> nanos = new ArrayList<>();
        List<Long> cpuNanos = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int run = 0; run < WARM_UP + runs; run++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            models = ProjectCompilation.of(options).selectedModels().size();
            if (run >= WARM_UP) {
                nanos.add(System.nanoTime() - start);
                cpuNanos.add(threads.getCurrentThreadCpuTime() - cpuStart);
            }
        }
        nanos.sort(null);
        cpuNanos.sort(null);
        double medianMillis = nanos.get(nanos.size() / 2) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "render %d %.0f %.0f %.0f%n",
                models,
                medianMillis,
                models / (medianMillis / 1000),
                cpuNanos.get(cpuNanos.size() / 2) / 1e6);
    }
}
