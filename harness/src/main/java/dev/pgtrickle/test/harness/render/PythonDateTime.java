package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Python's {@code datetime} module as dbt templates reach it ({@code modules.datetime}) and the value of
 * {@code run_started_at}: {@code datetime.now()}, {@code utcnow()}, {@code strptime}, {@code fromisoformat},
 * {@code date.today()}, {@code timedelta(...)}, and on a value {@code strftime}, {@code isoformat}, the date parts and
 * {@code plus}/{@code minus} of a timedelta. Arithmetic with {@code +} and {@code -} is not available in jinjava
 * templates (docs/dbt-compatibility.md).
 */
final class PythonDateTime {

    private PythonDateTime() {}

    /** The module's attributes. */
    static StrictNamespace module() {
        Map<String, Object> datetime = new LinkedHashMap<>();
        datetime.put(
                "now",
                new DbtFunction(
                        "now",
                        (args, kwargs) -> args.isEmpty() && kwargs.get("tz") == null
                                ? DateTimeValue.of(LocalDateTime.now(), Optional.empty())
                                : DateTimeValue.of(LocalDateTime.now(ZoneOffset.UTC), Optional.of(ZoneOffset.UTC))));
        datetime.put(
                "utcnow",
                new DbtFunction(
                        "utcnow",
                        (args, kwargs) -> DateTimeValue.of(LocalDateTime.now(ZoneOffset.UTC), Optional.empty())));
        datetime.put("strptime", new DbtFunction("strptime", (args, kwargs) -> strptime(args)));
        datetime.put(
                "fromisoformat",
                new DbtFunction("fromisoformat", (args, kwargs) -> fromIsoFormat(String.valueOf(args.get(0)))));
        Map<String, Object> date = new LinkedHashMap<>();
        date.put("today", new DbtFunction("today", (args, kwargs) -> DateTimeValue.date(LocalDate.now())));
        date.put(
                "fromisoformat",
                new DbtFunction(
                        "fromisoformat",
                        (args, kwargs) -> DateTimeValue.date(LocalDate.parse(String.valueOf(args.get(0))))));
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("datetime", new StrictNamespace("modules.datetime.datetime", datetime));
        module.put("date", new StrictNamespace("modules.datetime.date", date));
        module.put("timedelta", new DbtFunction("timedelta", PythonDateTime::timedelta));
        module.put("timezone", new StrictNamespace("modules.datetime.timezone", Map.of("utc", ZoneOffset.UTC)));
        return new StrictNamespace("modules.datetime", module);
    }

    /** {@code run_started_at}: when this run started, in UTC, as dbt's aware datetime. */
    static DateTimeValue runStartedAt(Instant instant) {
        return DateTimeValue.of(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), Optional.of(ZoneOffset.UTC));
    }

    private static Object timedelta(List<Object> args, Map<String, Object> kwargs) {
        List<String> order = List.of("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks");
        Map<String, Object> values = new LinkedHashMap<>(kwargs);
        for (int i = 0; i < args.size(); i++) {
            values.put(order.get(i), args.get(i));
        }
        double micros = 0;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            double amount = ((Number) entry.getValue()).doubleValue();
            micros += amount
                    * switch (entry.getKey()) {
                        case "weeks" -> 7 * 86_400e6;
                        case "days" -> 86_400e6;
                        case "hours" -> 3_600e6;
                        case "minutes" -> 60e6;
                        case "seconds" -> 1e6;
                        case "milliseconds" -> 1e3;
                        case "microseconds" -> 1;
                        default ->
                            throw new IllegalArgumentException(
                                    "timedelta() got an unexpected keyword argument '%s'".formatted(entry.getKey()));
                    };
        }
        return new Timedelta(Duration.ofNanos(Math.round(micros) * 1000));
    }

    private static Object strptime(List<Object> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("datetime.strptime() takes a text and a format");
        }
        return StrftimeFormat.parse(String.valueOf(args.get(0)), String.valueOf(args.get(1)));
    }

    private static DateTimeValue fromIsoFormat(String text) {
        try {
            if (text.length() == 10) {
                return DateTimeValue.of(LocalDate.parse(text).atStartOfDay(), Optional.empty());
            }
            String normalized = text.replace(' ', 'T');
            int zone = Math.max(normalized.lastIndexOf('+'), normalized.indexOf('-', 10));
            if (normalized.endsWith("Z") || zone > 10) {
                var offset = java.time.OffsetDateTime.parse(normalized);
                return DateTimeValue.of(offset.toLocalDateTime(), Optional.of(offset.getOffset()));
            }
            return DateTimeValue.of(LocalDateTime.parse(normalized), Optional.empty());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid isoformat string: '%s'".formatted(text), e);
        }
    }

    /** {@code timedelta}: a span of time to {@code plus} or {@code minus} from a datetime. */
    public record Timedelta(Duration duration) implements PyishSerializable {

        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            appendable.append(toString());
            return appendable;
        }

        /** {@code td.days}. */
        public long getDays() {
            return duration.toDays();
        }

        /** {@code td.total_seconds()}. */
        public double total_seconds() {
            return duration.toNanos() / 1e9;
        }

        @Override
        public String toString() {
            long days = duration.toDays();
            Duration rest = duration.minusDays(days);
            String clock = "%d:%02d:%02d".formatted(rest.toHours(), rest.toMinutesPart(), rest.toSecondsPart());
            if (rest.toNanosPart() != 0) {
                clock += ".%06d".formatted(rest.toNanosPart() / 1000);
            }
            return days == 0 ? clock : "%d day%s, %s".formatted(days, Math.abs(days) == 1 ? "" : "s", clock);
        }
    }

    /** A Python {@code datetime} (or {@code date}): prints as Python's {@code str()} does. */
    public static final class DateTimeValue implements PyishSerializable {

        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            appendable.append(toString());
            return appendable;
        }

        private final LocalDateTime value;
        private final Optional<ZoneOffset> offset;
        private final boolean dateOnly;

        private DateTimeValue(LocalDateTime value, Optional<ZoneOffset> offset, boolean dateOnly) {
            this.value = value;
            this.offset = offset;
            this.dateOnly = dateOnly;
        }

        static DateTimeValue of(LocalDateTime value, Optional<ZoneOffset> offset) {
            return new DateTimeValue(value, offset, false);
        }

        static DateTimeValue date(LocalDate value) {
            return new DateTimeValue(value.atStartOfDay(), Optional.empty(), true);
        }

        LocalDateTime local() {
            return value;
        }

        Optional<ZoneOffset> offset() {
            return offset;
        }

        /** {@code dt.strftime(format)}. */
        public String strftime(String format) {
            return StrftimeFormat.format(this, format);
        }

        /** {@code dt.isoformat()}. */
        public String isoformat() {
            return isoformat("T");
        }

        /** {@code dt.isoformat(sep)}. */
        public String isoformat(String separator) {
            if (dateOnly) {
                return value.toLocalDate().toString();
            }
            String time = "%02d:%02d:%02d".formatted(value.getHour(), value.getMinute(), value.getSecond());
            if (value.getNano() != 0) {
                time += ".%06d".formatted(value.getNano() / 1000);
            }
            return value.toLocalDate()
                    + separator
                    + time
                    + offset.map(PythonDateTime::offsetText).orElse("");
        }

        /** {@code dt.date()}. */
        public DateTimeValue date() {
            return date(value.toLocalDate());
        }

        /** {@code dt.timestamp()}: seconds since the epoch (a naive value is taken as UTC here). */
        public double timestamp() {
            Instant instant = value.toInstant(offset.orElse(ZoneOffset.UTC));
            return instant.getEpochSecond() + instant.getNano() / 1e9;
        }

        /** {@code dt.plus(timedelta)}: Python's {@code dt + td}, which jinjava cannot write. */
        public DateTimeValue plus(Timedelta delta) {
            return new DateTimeValue(value.plus(delta.duration()), offset, dateOnly);
        }

        /** {@code dt.minus(timedelta)}: Python's {@code dt - td}. */
        public DateTimeValue minus(Timedelta delta) {
            return new DateTimeValue(value.minus(delta.duration()), offset, dateOnly);
        }

        /** {@code dt.weekday()}: Monday is 0. */
        public int weekday() {
            return value.getDayOfWeek().getValue() - 1;
        }

        public int getYear() {
            return value.getYear();
        }

        public int getMonth() {
            return value.getMonthValue();
        }

        public int getDay() {
            return value.getDayOfMonth();
        }

        public int getHour() {
            return value.getHour();
        }

        public int getMinute() {
            return value.getMinute();
        }

        public int getSecond() {
            return value.getSecond();
        }

        public int getMicrosecond() {
            return value.get(ChronoField.MICRO_OF_SECOND);
        }

        @Override
        public String toString() {
            return isoformat(" ");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DateTimeValue that
                    && that.value.equals(value)
                    && that.offset.equals(offset)
                    && that.dateOnly == dateOnly;
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    static String offsetText(ZoneOffset offset) {
        return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
    }

    static String dayName(LocalDateTime value, TextStyle style) {
        return value.getDayOfWeek().getDisplayName(style, Locale.ENGLISH);
    }
}
