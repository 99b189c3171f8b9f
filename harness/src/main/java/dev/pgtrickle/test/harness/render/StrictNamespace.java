package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.objects.collections.PyMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Python module or class as templates see it ({@code modules.re}, {@code modules.datetime.datetime}): a mapping of
 * its attributes whose lookup of a missing attribute is an error naming it, never an empty value. A missing name in
 * jinjava renders as empty text, which for SQL is the worst failure there is.
 */
final class StrictNamespace extends PyMap {

    private final String name;

    StrictNamespace(String name, Map<String, Object> attributes) {
        super(new LinkedHashMap<>(attributes));
        this.name = name;
    }

    @Override
    public Object get(Object key) {
        Object value = super.get(key);
        if (value == null && !containsKey(key)) {
            RuntimeException error = new IllegalArgumentException(
                    "%s has no attribute '%s' in pgtrickle-test; it provides: %s (see docs/dbt-compatibility.md)"
                            .formatted(name, key, new TreeSet<>(keySet())));
            throw RenderScope.current().fail(error);
        }
        return value;
    }

    @Override
    public String toString() {
        return "<module '%s'>".formatted(name);
    }
}
