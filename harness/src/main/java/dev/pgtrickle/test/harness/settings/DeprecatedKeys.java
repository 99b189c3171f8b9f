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

    static void warnOnce(String deprecated, String key) {
        if (WARNED.add(deprecated)) {
            LOG.warn("pgtrickle-test: the setting '{}' is deprecated; use '{}' instead", deprecated, key);
        }
    }
}
