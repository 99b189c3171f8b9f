package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What dbt would warn about while loading a project (a property entry for a model that has no file, a resource kind
 * the harness does not build): the project loads anyway, as it does in dbt, and each warning is kept for the reports
 * and logged. A project is loaded more than once per run (discovery, then the session), so each distinct warning is
 * logged only once per JVM.
 */
final class ProjectWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectWarnings.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final List<String> messages = new ArrayList<>();

    /** A warning about {@code file} at {@code line} (0 when unknown), written like a {@link ProjectException}. */
    void add(Path file, int line, String message) {
        String text = file == null
                ? message
                : line > 0 ? "%s:%d: %s".formatted(file, line, message) : "%s: %s".formatted(file, message);
        messages.add(text);
        if (LOGGED.add(text)) {
            LOG.warn("{}", text);
        }
    }

    List<String> messages() {
        return List.copyOf(messages);
    }
}
