package dev.pgtrickle.test.harness.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One source of settings: annotation attributes, builder methods, command-line options, JUnit configuration parameters
 * ({@code junit-platform.properties}, system properties, the launcher request). Layers are stacked with
 * {@link #orElse}; the first layer that sets a setting wins, under its key or a deprecated spelling of it.
 */
public interface SettingLayer {

    /** The value written under exactly {@code key} in this layer; blank counts as unset. */
    Optional<SettingValue> find(String key);

    /** The value of {@code setting} in this layer, under its key or (with a warning) a deprecated spelling. */
    default Optional<SettingValue> get(Setting setting) {
        return get(setting, "");
    }

    /**
     * The value of a key made of {@code setting}'s key and {@code suffix} (e.g. {@code pgtrickle.setup-scripts} and
     * {@code .shop}), under the key or (with a warning) a deprecated spelling of it.
     */
    default Optional<SettingValue> get(Setting setting, String suffix) {
        Optional<SettingValue> value = find(setting.key() + suffix);
        if (value.isPresent()) {
            return value;
        }
        for (String deprecated : setting.deprecatedKeys()) {
            value = find(deprecated + suffix);
            if (value.isPresent()) {
                DeprecatedKeys.warnOnce(deprecated + suffix, setting.key() + suffix);
                return value;
            }
        }
        return Optional.empty();
    }

    /** This layer, falling back to {@code next} for settings it does not set (in any spelling). */
    default SettingLayer orElse(SettingLayer next) {
        SettingLayer first = this;
        return new SettingLayer() {
            @Override
            public Optional<SettingValue> find(String key) {
                return first.find(key).or(() -> next.find(key));
            }

            @Override
            public Optional<SettingValue> get(Setting setting, String suffix) {
                return first.get(setting, suffix).or(() -> next.get(setting, suffix));
            }
        };
    }

    /** A layer that sets nothing. */
    static SettingLayer empty() {
        return key -> Optional.empty();
    }

    /**
     * Values given explicitly, by annotation attribute, builder method or command-line option, as lists (a single
     * value is a list of one). An empty list or a blank single value counts as unset.
     *
     * @param originOf how to name where a key was set, e.g. {@code attribute 'path'}
     */
    static SettingLayer explicit(Map<String, List<String>> values, Function<String, String> originOf) {
        Map<String, List<String>> copy = Map.copyOf(values);
        return key -> Optional.ofNullable(copy.get(key))
                .map(items -> items.stream().map(String::trim).toList())
                .filter(items ->
                        !items.isEmpty() && !(items.size() == 1 && items.get(0).isEmpty()))
                .map(items -> SettingValue.ofList(items, originOf.apply(key)));
    }

    /**
     * Values written as strings under their keys, e.g. JUnit configuration parameters.
     *
     * @param kind how to name such a value, e.g. {@code configuration parameter}, giving origins such as
     *     {@code configuration parameter 'pgtrickle.select'}
     */
    static SettingLayer strings(Function<String, Optional<String>> lookup, String kind) {
        return key -> lookup.apply(key)
                .filter(value -> !value.isBlank())
                .map(value -> SettingValue.ofText(value, "%s '%s'".formatted(kind, key)));
    }

    /** JUnit configuration parameters (launcher, system properties, {@code junit-platform.properties}). */
    static SettingLayer configurationParameters(Function<String, Optional<String>> lookup) {
        return strings(lookup, "configuration parameter");
    }

    /** JVM system properties, read at lookup time. */
    static SettingLayer systemProperties() {
        return strings(key -> Optional.ofNullable(System.getProperty(key)), "system property");
    }
}
