package dev.pgtrickle.test.harness.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A value and where it was written ({@code attribute 'awaitTimeout'}, {@code configuration parameter
 * 'pgtrickle.select'}, {@code option --backend}), so that every complaint about it can point there. The typed readers
 * throw {@link SettingsException} naming the value and its origin.
 *
 * @param text the value as one string (list elements joined by commas)
 * @param items the list elements: as given for a list (an annotation array, a repeated option), else {@code text}
 *     split at commas
 * @param givenAsList whether the value was given as a list rather than one string
 * @param origin where it was written
 */
public record SettingValue(String text, List<String> items, boolean givenAsList, String origin) {

    public SettingValue {
        items = List.copyOf(items);
    }

    /** A value written as one string; list readers split it at commas. */
    public static SettingValue ofText(String text, String origin) {
        String trimmed = text.trim();
        List<String> items = Arrays.stream(trimmed.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
        return new SettingValue(trimmed, items, false, origin);
    }

    /** A value written as a list (an annotation array, a repeated option). */
    public static SettingValue ofList(List<String> items, String origin) {
        return new SettingValue(String.join(",", items), items, true, origin);
    }

    /** {@code true} or {@code false}, in any case. */
    public boolean asBoolean() {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new SettingsException(
                        "'%s' (%s) is not a boolean".formatted(text, origin), "write true or false");
        };
    }

    /**
     * A positive duration such as {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h} or {@code PT1M}.
     *
     * @param what what the duration is, for the message ({@code await timeout})
     */
    public Duration asDuration(String what) {
        return DurationParser.parse(text)
                .orElseThrow(() -> new SettingsException(
                        "%s '%s' (%s) is not a positive duration".formatted(what, text, origin),
                        "write it like 500ms, 60s, 2m, 1h or as an ISO-8601 duration such as PT1M"));
    }

    /**
     * One of an enum's constants, by name in any case ({@code replace} for {@code REPLACE}).
     *
     * @param what what the value is, for the message ({@code query change strategy})
     */
    public <E extends Enum<E>> E asEnum(Class<E> type, String what) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw new SettingsException(
                "%s '%s' (%s) is not one the harness knows".formatted(what, text, origin),
                "use one of "
                        + Arrays.stream(type.getEnumConstants())
                                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", ")));
    }

    /** A whole number above zero. */
    public int asPositiveInt() {
        try {
            int number = Integer.parseInt(text.strip());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new SettingsException(
                "'%s' (%s) is not a positive whole number".formatted(text, origin), "write a number such as 10");
    }
}
