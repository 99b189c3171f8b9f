package dev.pgtrickle.test.harness.settings;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one warning per deprecated key and JVM, naming the key to use instead, so a build log is not flooded. */
final class DeprecatedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DeprecatedKeys.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private DeprecatedKeys() {}

    /** Warn about {@code deprecated} unless this JVM already did; {@code true} when it warned now. */
    static boolean warnOnce(String deprecated, String key) {
        if (!WARNED.add(deprecated)) {
            return false;
        }
        LOG.warn(message(deprecated, key));
        return true;
    }

    static String message(String deprecated, String key) {
        return "pgtrickle-test: the setting '%s' is deprecated; use '%s' instead".formatted(deprecated, key);
    }
}
