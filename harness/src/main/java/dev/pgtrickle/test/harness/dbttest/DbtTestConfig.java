package dev.pgtrickle.test.harness.dbttest;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A dbt test's {@code config:}: severity, {@code where} filter on the tested model, and the failure-count conditions.
 *
 * @param severity error (default) or warn
 * @param where a SQL condition applied to the tested model before the test runs, as dbt does
 * @param errorIf when a test with severity error fails
 * @param warnIf when a test warns
 * @param enabled {@code enabled: false} removes the test
 */
public record DbtTestConfig(
        DbtTestSeverity severity,
        Optional<String> where,
        DbtTestThreshold errorIf,
        DbtTestThreshold warnIf,
        boolean enabled) {

    /** dbt's defaults: severity error, no filter, any failing row fails. */
    public static final DbtTestConfig DEFAULTS = new DbtTestConfig(
            DbtTestSeverity.ERROR, Optional.empty(), DbtTestThreshold.ANY_FAILURE, DbtTestThreshold.ANY_FAILURE, true);

    /** The config keys dbt accepts on a test; they are also accepted next to the test's arguments (old style). */
    static final Set<String> KEYS = Set.of(
            "severity",
            "where",
            "error_if",
            "warn_if",
            "enabled",
            "limit",
            "tags",
            "meta",
            "store_failures",
            "store_failures_as",
            "fail_calc",
            "alias",
            "schema",
            "database");

    /**
     * Apply the keys of {@code config} on top of this config. Keys we do not act on ({@code tags}, {@code meta},
     * {@code store_failures}, ...) are accepted and ignored; {@code fail_calc} other than {@code count(*)} is refused.
     *
     * @param origin names the file and test for error messages
     */
    public DbtTestConfig with(Map<?, ?> config, String origin) {
        DbtTestConfig result = this;
        for (Map.Entry<?, ?> entry : config.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            String at = origin + ", config '" + key + "'";
            result = switch (key) {
                case "severity" ->
                    new DbtTestConfig(
                            DbtTestSeverity.parse(value, at),
                            result.where,
                            result.errorIf,
                            result.warnIf,
                            result.enabled);
                case "where" ->
                    new DbtTestConfig(
                            result.severity,
                            value == null || String.valueOf(value).isBlank()
                                    ? Optional.empty()
                                    : Optional.of(String.valueOf(value)),
                            result.errorIf,
                            result.warnIf,
                            result.enabled);
                case "error_if" ->
                    new DbtTestConfig(
                            result.severity,
                            result.where,
                            DbtTestThreshold.parse(value, at),
                            result.warnIf,
                            result.enabled);
                case "warn_if" ->
                    new DbtTestConfig(
                            result.severity,
                            result.where,
                            result.errorIf,
                            DbtTestThreshold.parse(value, at),
                            result.enabled);
                case "enabled" ->
                    new DbtTestConfig(
                            result.severity,
                            result.where,
                            result.errorIf,
                            result.warnIf,
                            !"false".equalsIgnoreCase(String.valueOf(value)));
                case "fail_calc" -> {
                    if (!String.valueOf(value).replace(" ", "").equalsIgnoreCase("count(*)")) {
                        throw new DbtTestDefinitionException(
                                "%s: only fail_calc 'count(*)' is supported; remove the setting".formatted(at));
                    }
                    yield result;
                }
                default -> {
                    if (!KEYS.contains(key)) {
                        throw new DbtTestDefinitionException("%s: unknown test config key; known keys are %s"
                                .formatted(
                                        at,
                                        String.join(", ", KEYS.stream().sorted().toList())));
                    }
                    yield result;
                }
            };
        }
        return result;
    }

    /** The outcome dbt gives {@code failures} failing rows under this config. */
    public DbtTestStatus statusFor(long failures) {
        if (severity == DbtTestSeverity.ERROR && errorIf.isMetBy(failures)) {
            return DbtTestStatus.FAIL;
        }
        return warnIf.isMetBy(failures) ? DbtTestStatus.WARN : DbtTestStatus.PASS;
    }
}
