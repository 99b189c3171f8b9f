package dev.pgtrickle.test.harness.render;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Optional;

/**
 * Python's {@code strftime}/{@code strptime} format codes, for {@link PythonDateTime}: the codes of the C standard
 * Python documents ({@code %Y %m %d %H %M %S %f %y %j %a %A %b %B %p %I %z %Z %w %u %U %V %%}), in English. A code
 * outside that list is an error, never a silently different text.
 */
final class StrftimeFormat {

    private StrftimeFormat() {}

    static String format(PythonDateTime.DateTimeValue dateTime, String format) {
        LocalDateTime value = dateTime.local();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char code = format.charAt(++i);
            out.append(
                    switch (code) {
                        case 'Y' -> "%04d".formatted(value.getYear());
                        case 'y' -> "%02d".formatted(value.getYear() % 100);
                        case 'm' -> "%02d".formatted(value.getMonthValue());
                        case 'd' -> "%02d".formatted(value.getDayOfMonth());
                        case 'H' -> "%02d".formatted(value.getHour());
                        case 'I' -> "%02d".formatted(value.getHour() % 12 == 0 ? 12 : value.getHour() % 12);
                        case 'M' -> "%02d".formatted(value.getMinute());
                        case 'S' -> "%02d".formatted(value.getSecond());
                        case 'f' -> "%06d".formatted(value.get(ChronoField.MICRO_OF_SECOND));
                        case 'j' -> "%03d".formatted(value.getDayOfYear());
                        case 'p' -> value.getHour() < 12 ? "AM" : "PM";
                        case 'a' -> PythonDateTime.dayName(value, TextStyle.SHORT);
                        case 'A' -> PythonDateTime.dayName(value, TextStyle.FULL);
                        case 'b' -> value.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                        case 'B' -> value.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                        case 'w' -> String.valueOf(value.getDayOfWeek().getValue() % 7);
                        case 'u' -> String.valueOf(value.getDayOfWeek().getValue());
                        case 'V' -> "%02d".formatted(value.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                        case 'U' ->
                            "%02d"
                                    .formatted((value.getDayOfYear()
                                                    + 6
                                                    - value.getDayOfWeek().getValue() % 7)
                                            / 7);
                        case 'z' ->
                            dateTime.offset()
                                    .map(offset ->
                                            PythonDateTime.offsetText(offset).replace(":", ""))
                                    .orElse("");
                        case 'Z' ->
                            dateTime.offset()
                                    .map(offset -> offset.getTotalSeconds() == 0 ? "UTC" : offset.getId())
                                    .orElse("");
                        case '%' -> "%";
                        default ->
                            throw new IllegalArgumentException(
                                    "strftime: format code %%%s is not supported by pgtrickle-test".formatted(code));
                    });
        }
        return out.toString();
    }

    /** {@code datetime.strptime(text, format)}: the codes of {@link #format} with fixed widths. */
    static PythonDateTime.DateTimeValue parse(String text, String format) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        boolean zoned = false;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                builder.appendLiteral(c);
                continue;
            }
            char code = format.charAt(++i);
            switch (code) {
                case 'Y' -> builder.appendValue(ChronoField.YEAR, 4);
                case 'y' -> builder.appendValueReduced(ChronoField.YEAR, 2, 2, 2000);
                case 'm' -> builder.appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, java.time.format.SignStyle.NORMAL);
                case 'd' -> builder.appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NORMAL);
                case 'H' -> builder.appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NORMAL);
                case 'M' -> builder.appendValue(ChronoField.MINUTE_OF_HOUR, 1, 2, java.time.format.SignStyle.NORMAL);
                case 'S' -> builder.appendValue(ChronoField.SECOND_OF_MINUTE, 1, 2, java.time.format.SignStyle.NORMAL);
                case 'f' -> builder.appendFraction(ChronoField.MICRO_OF_SECOND, 1, 6, false);
                case 'j' -> builder.appendValue(ChronoField.DAY_OF_YEAR, 3);
                case 'b' -> builder.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
                case 'B' -> builder.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
                case 'z' -> {
                    builder.appendOffset("+HHMM", "+0000");
                    zoned = true;
                }
                case '%' -> builder.appendLiteral('%');
                default ->
                    throw new IllegalArgumentException(
                            "strptime: format code %%%s is not supported by pgtrickle-test".formatted(code));
            }
        }
        DateTimeFormatter formatter =
                builder.parseDefaulting(ChronoField.HOUR_OF_DAY, 0).toFormatter(Locale.ENGLISH);
        try {
            var parsed = formatter.parse(text);
            LocalDateTime value = LocalDateTime.of(
                    java.time.LocalDate.from(parsed),
                    java.time.LocalTime.of(
                            parsed.get(ChronoField.HOUR_OF_DAY),
                            parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0,
                            parsed.isSupported(ChronoField.SECOND_OF_MINUTE)
                                    ? parsed.get(ChronoField.SECOND_OF_MINUTE)
                                    : 0,
                            parsed.isSupported(ChronoField.MICRO_OF_SECOND)
                                    ? parsed.get(ChronoField.MICRO_OF_SECOND) * 1000
                                    : 0));
            Optional<ZoneOffset> offset = zoned
                    ? Optional.of(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
                    : Optional.empty();
            return PythonDateTime.DateTimeValue.of(value, offset);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time data '%s' does not match format '%s'".formatted(text, format), e);
        }
    }
}
