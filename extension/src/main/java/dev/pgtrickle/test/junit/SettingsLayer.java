package dev.pgtrickle.test.junit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One source of settings ({@code @PgTrickleProject} attributes, the builder, or configuration parameters), able to say
 * where each value came from so error messages can point at it.
 */
interface SettingsLayer {

    /** A value set in this layer, blank counting as unset. */
    Optional<Sourced> get(String key);

    /** A list value set in this layer; an empty list counts as unset. */
    Optional<SourcedList> list(String key);

    /** A value and where it was written. */
    record Sourced(String value, String origin) {}

    /** A list of values and where they were written. */
    record SourcedList(List<String> values, String origin) {}

    /**
     * Values given explicitly, by annotation attribute or builder method.
     *
     * @param originOf how to name the place a key is set, e.g. {@code attribute 'path'}
     */
    static SettingsLayer explicit(
            Map<String, String> scalars, Map<String, List<String>> lists, Function<String, String> originOf) {
        Map<String, String> scalarCopy = Map.copyOf(scalars);
        Map<String, List<String>> listCopy = Map.copyOf(lists);
        return new SettingsLayer() {
            @Override
            public Optional<Sourced> get(String key) {
                return Optional.ofNullable(scalarCopy.get(key))
                        .filter(value -> !value.isBlank())
                        .map(value -> new Sourced(value.trim(), originOf.apply(key)));
            }

            @Override
            public Optional<SourcedList> list(String key) {
                return Optional.ofNullable(listCopy.get(key))
                        .filter(values -> !values.isEmpty())
                        .map(values -> new SourcedList(values, originOf.apply(key)));
            }
        };
    }

    /** JUnit configuration parameters (launcher, system properties, {@code junit-platform.properties}). */
    static SettingsLayer configurationParameters(Function<String, Optional<String>> parameters) {
        return new SettingsLayer() {
            @Override
            public Optional<Sourced> get(String key) {
                return parameters
                        .apply(key)
                        .filter(value -> !value.isBlank())
                        .map(value -> new Sourced(value.trim(), "configuration parameter '%s'".formatted(key)));
            }

            @Override
            public Optional<SourcedList> list(String key) {
                return get(key).map(sourced -> new SourcedList(
                        Arrays.stream(sourced.value().split(","))
                                .map(String::trim)
                                .filter(value -> !value.isEmpty())
                                .collect(Collectors.toList()),
                        sourced.origin()));
            }
        };
    }

    /** This layer, falling back to {@code next} for keys it does not set. */
    default SettingsLayer orElse(SettingsLayer next) {
        SettingsLayer first = this;
        return new SettingsLayer() {
            @Override
            public Optional<Sourced> get(String key) {
                return first.get(key).or(() -> next.get(key));
            }

            @Override
            public Optional<SourcedList> list(String key) {
                return first.list(key).or(() -> next.list(key));
            }
        };
    }
}
