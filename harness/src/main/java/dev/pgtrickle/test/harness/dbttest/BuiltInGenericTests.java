package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.catalog.StalenessRule;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SQL for dbt's built-in generic tests and dbt-pgtrickle's {@code stream_table_healthy}. Each query selects the failing
 * rows; where dbt selects only the tested column, these select whole rows so a failure report shows the row's keys.
 */
final class BuiltInGenericTests {

    static final Set<String> NAMES =
            Set.of("not_null", "unique", "accepted_values", "relationships", "stream_table_healthy");

    /** dbt-pgtrickle's default for {@code warn_seconds}. */
    static final long DEFAULT_WARN_SECONDS = 300;

    private BuiltInGenericTests() {}

    static String notNull(String model, String column) {
        return "select *\nfrom %s\nwhere %s is null".formatted(model, column);
    }

    static String unique(String model, String column) {
        return """
                select %2$s as unique_field, count(*) as n_records
                from %1$s
                where %2$s is not null
                group by %2$s
                having count(*) > 1"""
                .formatted(model, column);
    }

    static String acceptedValues(String model, String column, List<?> values, boolean quote) {
        String list = values.stream()
                .map(value -> quote ? literal(String.valueOf(value)) : String.valueOf(value))
                .collect(Collectors.joining(", "));
        return """
                with all_values as (
                    select %2$s as value_field, count(*) as n_records
                    from %1$s
                    group by %2$s
                )
                select *
                from all_values
                where value_field not in (%3$s)"""
                .formatted(model, column, list);
    }

    static String relationships(String model, String column, String parent, String field) {
        return """
                select child.*
                from (select * from %1$s where %2$s is not null) as child
                left join (select %4$s as to_field from %3$s) as parent
                    on child.%2$s = parent.to_field
                where parent.to_field is null"""
                .formatted(model, column, parent, field);
    }

    /**
     * dbt-pgtrickle's health test with three corrections: the package checks {@code status = 'PAUSED'}, a value
     * pg_trickle never stores, so this checks {@code SUSPENDED} (pg_trickle's pause state) and also {@code ERROR},
     * which the package only catches once the table turns stale; it fails when the model is no stream table; and it
     * judges lateness by {@link StalenessRule} instead of the view's {@code stale} flag, which is true for a moment on
     * every healthy cycle and made the package's test flaky.
     */
    static String streamTableHealthy(String schema, String name, long warnSeconds) {
        return """
                with expected as (
                    select %1$s::text as pgt_schema, %2$s::text as pgt_name
                )
                select e.pgt_schema, e.pgt_name, coalesce(s.status, 'NOT A STREAM TABLE') as status,
                       s.consecutive_errors, s.staleness, %4$s as overdue
                from expected e
                left join pgtrickle.pg_stat_stream_tables s
                    on s.pgt_schema = e.pgt_schema and s.pgt_name = e.pgt_name
                where s.pgt_name is null
                   or s.status in ('SUSPENDED', 'ERROR')
                   or s.consecutive_errors > 0
                   or %4$s
                   or s.staleness > make_interval(secs => %3$d)"""
                .formatted(
                        literal(schema),
                        literal(name),
                        warnSeconds,
                        StalenessRule.overdueSql("s.staleness", "s.schedule"));
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static boolean isBuiltIn(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    static Map<String, List<String>> requiredArguments() {
        return Map.of("accepted_values", List.of("values"), "relationships", List.of("to", "field"));
    }
}
