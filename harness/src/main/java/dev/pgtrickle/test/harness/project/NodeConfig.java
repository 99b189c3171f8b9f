package dev.pgtrickle.test.harness.project;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The merged configuration of one node (model, seed, test), with dbt's merge rules: later layers replace earlier
 * values, except {@code tags} (union), {@code pre_hook}/{@code post_hook} (appended) and {@code meta} (map update).
 * Keys are stored with dashes turned into underscores ({@code pre-hook} is {@code pre_hook}); keys the harness does not
 * know (every stream table setting, any adapter setting) are kept untouched, including an explicit none
 * ({@link #isSetToNone}).
 *
 * <p>Immutable; {@link #merge(Map)} returns a new instance.
 */
public final class NodeConfig {

    private static final NodeConfig EMPTY = new NodeConfig(Map.of());

    private final Map<String, Object> values;

    private NodeConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No configuration at all. */
    public static NodeConfig empty() {
        return EMPTY;
    }

    /** A configuration holding exactly {@code values} (keys normalized). */
    public static NodeConfig of(Map<String, ?> values) {
        return EMPTY.merge(values);
    }

    /** Normalizes a config key as dbt does: {@code pre-hook} and {@code pre_hook} are the same key. */
    public static String normalizeKey(String key) {
        String trimmed = key.startsWith("+") ? key.substring(1) : key;
        return trimmed.replace('-', '_');
    }

    /** This configuration with {@code layer} applied on top, following dbt's merge rules. */
    public NodeConfig merge(Map<String, ?> layer) {
        if (layer.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        layer.forEach((rawKey, value) -> {
            String key = normalizeKey(rawKey);
            switch (key) {
                case "tags" -> {
                    LinkedHashSet<String> tags = new LinkedHashSet<>(asStrings(merged.get(key)));
                    tags.addAll(asStrings(value));
                    merged.put(key, List.copyOf(tags));
                }
                case "pre_hook", "post_hook" -> {
                    List<Object> hooks = new ArrayList<>(asList(merged.get(key)));
                    hooks.addAll(asList(value));
                    merged.put(key, List.copyOf(hooks));
                }
                case "meta" -> {
                    Map<String, Object> meta = new LinkedHashMap<>();
                    if (merged.get(key) instanceof Map<?, ?> before) {
                        before.forEach((k, v) -> meta.put(String.valueOf(k), v));
                    }
                    if (value instanceof Map<?, ?> after) {
                        after.forEach((k, v) -> meta.put(String.valueOf(k), v));
                    }
                    merged.put(key, Collections.unmodifiableMap(meta));
                }
                default -> merged.put(key, value);
            }
        });
        return new NodeConfig(merged);
    }

    /** This configuration with {@code other}'s values applied on top. */
    public NodeConfig merge(NodeConfig other) {
        return merge(other.values);
    }

    /** The raw value, as YAML or {@code config()} gave it. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(normalizeKey(key)));
    }

    /**
     * Whether a layer set the key explicitly to none ({@code schedule=none} in {@code config()}, {@code schedule: null}
     * in YAML); {@link #get} cannot tell that from an absent key, and for some settings the two mean different things.
     */
    public boolean isSetToNone(String key) {
        String normalized = normalizeKey(key);
        return values.containsKey(normalized) && values.get(normalized) == null;
    }

    /** Whether the key is set (to anything but null). */
    public boolean has(String key) {
        return values.get(normalizeKey(key)) != null;
    }

    /** The value as text; numbers and booleans are converted with {@code String.valueOf}. */
    public Optional<String> string(String key) {
        return get(key).map(String::valueOf);
    }

    /**
     * The value as a boolean: a YAML/Jinja boolean, or the text {@code true}/{@code false} (any case).
     *
     * @throws IllegalArgumentException naming the key when the value is something else
     */
    public Optional<Boolean> bool(String key) {
        return get(key).map(value -> {
            if (value instanceof Boolean b) {
                return b;
            }
            String text = String.valueOf(value).trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new InvalidConfigException(
                    "config '%s' must be true or false, found '%s'".formatted(normalizeKey(key), value));
        });
    }

    /** The value as a list of strings: a single string becomes a one-element list. */
    public List<String> strings(String key) {
        return asStrings(values.get(normalizeKey(key)));
    }

    /** The materialization, {@code view} when none is configured (dbt's default). */
    public String materialized() {
        return string("materialized").orElse("view");
    }

    /** Whether the node is enabled (dbt's default: true). */
    public boolean enabled() {
        return bool("enabled").orElse(true);
    }

    /** The tags, in the order first seen. */
    public List<String> tags() {
        return strings("tags");
    }

    /** Every key and value, keys normalized. */
    public Map<String, Object> asMap() {
        return values;
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.stream().filter(Objects::nonNull).forEach(copy::add);
            return copy;
        }
        return List.of(value);
    }

    private static List<String> asStrings(Object value) {
        return asList(value).stream().map(String::valueOf).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeConfig config && config.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
