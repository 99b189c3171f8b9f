package dev.pgtrickle.test.harness.server;

import java.util.Map;
import java.util.Optional;

/**
 * One layer of configuration: annotation attributes, JUnit configuration parameters, system properties or environment
 * variables. Layers are consulted in order; the first one that has a key wins.
 */
@FunctionalInterface
public interface SettingSource {

    /** The value for {@code key}, if this layer sets it to something non-blank. */
    Optional<String> get(String key);

    /** Layer backed by a map (annotation attributes, command-line options, tests). */
    static SettingSource of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return key -> Optional.ofNullable(copy.get(key)).filter(value -> !value.isBlank());
    }

    /** Layer backed by JVM system properties, read at lookup time. */
    static SettingSource systemProperties() {
        return key -> Optional.ofNullable(System.getProperty(key)).filter(value -> !value.isBlank());
    }

    /** Layer backed by the process environment. Keys are environment variable names ({@code PGHOST}). */
    static SettingSource environment() {
        return key -> Optional.ofNullable(System.getenv(key)).filter(value -> !value.isBlank());
    }

    /** This layer, falling back to {@code next} for keys it does not set. */
    default SettingSource orElse(SettingSource next) {
        return key -> get(key).or(() -> next.get(key));
    }

    /** A layer that sets nothing. */
    static SettingSource empty() {
        return key -> Optional.empty();
    }
}
