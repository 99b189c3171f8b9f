package dev.pgtrickle.test.harness.render;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Templates made ready for jinjava: checked for unknown filters ({@link FilterCheck}), rewritten into the syntax
 * jinjava accepts ({@link Jinja2Syntax}) and without the one trailing newline Jinja2 drops. Both steps depend on the
 * text alone (every {@link JinjaEngine} has the same filters), and every model is rendered twice per compilation (parse,
 * then compile) and again each time a project is loaded in the same JVM, so the result is kept per text, for the whole
 * JVM: a changed file is a different text, never a stale entry. The least recently used entries are dropped beyond a
 * fixed number, so a long test run that loads many projects does not grow without bound.
 */
final class PreparedTemplates {

    private static final int CAPACITY = 2048;

    private static final Map<String, String> PREPARED = leastRecentlyUsed();

    /** Per text, the template as a {@link StaticTemplate}, or empty when it is not one. */
    private static final Map<String, Optional<StaticTemplate>> SIMPLE = leastRecentlyUsed();

    private PreparedTemplates() {}

    private static <V> Map<String, V> leastRecentlyUsed() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        });
    }

    /** {@code template} as a template whose only Jinja is {@code config()}, {@code ref()} and {@code source()} calls. */
    static Optional<StaticTemplate> simple(String template) {
        Optional<StaticTemplate> simple = SIMPLE.get(template);
        if (simple == null) {
            // Jinja2 drops one trailing newline; jinjava is given the template without it too.
            simple = StaticTemplate.of(ProjectRenderer.stripOneTrailingNewline(template));
            SIMPLE.put(template, simple);
        }
        return simple;
    }

    /**
     * {@code template} ready for jinjava.
     *
     * @param file the file it comes from, for the error message
     * @param knownFilter whether jinjava has a filter of that name
     * @throws dev.pgtrickle.test.harness.project.ProjectException for an unknown filter (never cached)
     */
    static String prepare(String template, Path file, Predicate<String> knownFilter) {
        String prepared = PREPARED.get(template);
        if (prepared == null) {
            FilterCheck.check(template, file, knownFilter);
            prepared = ProjectRenderer.stripOneTrailingNewline(Jinja2Syntax.normalize(template));
            PREPARED.put(template, prepared);
        }
        return prepared;
    }
}
