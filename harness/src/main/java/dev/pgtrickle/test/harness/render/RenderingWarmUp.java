package dev.pgtrickle.test.harness.render;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * Loads the template engine's classes in a background thread while the caller reads a project, so that the first
 * render does not wait for them.
 *
 * <p>Why: in a short command-line run, loading and initialising jinjava and what it brings (Jackson, Guava; about 800
 * classes) took about 100 ms of the main thread before the first template rendered, after the project's YAML had been
 * read; the machine's second core was mostly idle then. The JVM loads and initialises a class once for all threads, so
 * a render of a trivial template on another thread moves that work off the main thread. Nothing rendered is kept.
 */
@API(status = API.Status.INTERNAL)
public final class RenderingWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private RenderingWarmUp() {}

    /** Start the warm-up once per JVM (a daemon thread; a failure there is ignored: the real render reports it). */
    public static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(RenderingWarmUp::renderOnce, "pgtrickle-test rendering warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void renderOnce() {
        try {
            new JinjaEngine().render("{% if x %}{{ x | upper }}{% endif %}", Map.of("x", "warm"), null);
        } catch (RuntimeException | LinkageError e) {
            // the main thread's own render reports whatever is wrong
        }
    }
}
