package dev.pgtrickle.test.harness.dbttest;

import java.util.LinkedHashSet;
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
 * @param failCalc the SQL aggregate over the test's rows that gives its failure count ({@code count(*)} unless set)
 * @param keysSet the keys the project or property file set, which a test macro's own {@code config()} call does not
 *     override (dbt's precedence: the property file wins over the macro's defaults)
 */
public record DbtTestConfig(
        DbtTestSeverity severity,
        Optional<String> where,
        DbtTestThreshold errorIf,
        DbtTestThreshold warnIf,
        boolean enabled,
        String failCalc,
        Set<String> keysSet) {

    /** The failure count dbt computes unless {@code fail_calc} says otherwise. */
    public static final String COUNT_ROWS = "count(*)";

    /** dbt's defaults: severity error, no filter, any failing row fails. */
    public static final DbtTestConfig DEFAULTS = new DbtTestConfig(
            DbtTestSeverity.ERROR, Optional.empty(), DbtTestThreshold.ANY_FAILURE, DbtTestThreshold.ANY_FAILURE, true);

    public DbtTestConfig {
        keysSet = Set.copyOf(keysSet);
    }

    /** A config with {@code count(*)} as failure count and no keys marked as set. */
    public DbtTestConfig(
            DbtTestSeverity severity,
            Optional<String> where,
            DbtTestThreshold errorIf,
            DbtTestThreshold warnIf,
            boolean enabled) {
        this(severity, where, errorIf, warnIf, enabled, COUNT_ROWS, Set.of());
    }

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
     * {@code store_failures}, ...) are accepted and ignored.
     *
     * @param origin names the file and test for error messages
     */
    public DbtTestConfig with(Map<?, ?> config, String origin) {
        return apply(config, origin, true);
    }

    /**
     * The keys a test macro sets with its own {@code config()} call ({@code fail_calc}, {@code warn_if}, ... as
     * dbt-utils' {@code equal_rowcount} does), each applied only where the project and property file set none.
     */
    DbtTestConfig withMacroConfig(Map<?, ?> config, String origin) {
        return apply(config, origin, false);
    }

    private DbtTestConfig apply(Map<?, ?> config, String origin, boolean overrides) {
        DbtTestConfig result = this;
        for (Map.Entry<?, ?> entry : config.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!overrides && keysSet.contains(key)) {
                continue;
            }
            result = result.withKey(key, entry.getValue(), origin + ", config '" + key + "'");
        }
        return result;
    }

    private DbtTestConfig withKey(String key, Object value, String at) {
        DbtTestSeverity newSeverity = severity;
        Optional<String> newWhere = where;
        DbtTestThreshold newErrorIf = errorIf;
        DbtTestThreshold newWarnIf = warnIf;
        boolean newEnabled = enabled;
        String newFailCalc = failCalc;
        switch (key) {
            case "severity" -> newSeverity = DbtTestSeverity.parse(value, at);
            case "where" ->
                newWhere = value == null || String.valueOf(value).isBlank()
                        ? Optional.empty()
                        : Optional.of(String.valueOf(value));
            case "error_if" -> newErrorIf = DbtTestThreshold.parse(value, at);
            case "warn_if" -> newWarnIf = DbtTestThreshold.parse(value, at);
            case "enabled" -> newEnabled = !"false".equalsIgnoreCase(String.valueOf(value));
            case "fail_calc" -> {
                if (value == null || String.valueOf(value).isBlank()) {
                    throw new DbtTestDefinitionException(
                            "%s: fail_calc must be a SQL aggregate such as count(*) or sum(n)".formatted(at));
                }
                newFailCalc = String.valueOf(value).strip();
            }
            default -> {
                if (!KEYS.contains(key)) {
                    throw new DbtTestDefinitionException("%s: unknown test config key; known keys are %s"
                            .formatted(
                                    at, String.join(", ", KEYS.stream().sorted().toList())));
                }
            }
        }
        Set<String> keys = new LinkedHashSet<>(keysSet);
        keys.add(key);
        return new DbtTestConfig(newSeverity, newWhere, newErrorIf, newWarnIf, newEnabled, newFailCalc, keys);
    }

    /** The outcome dbt gives {@code failures} failing rows under this config. */
    public DbtTestStatus statusFor(long failures) {
        if (severity == DbtTestSeverity.ERROR && errorIf.isMetBy(failures)) {
            return DbtTestStatus.FAIL;
        }
        return warnIf.isMetBy(failures) ? DbtTestStatus.WARN : DbtTestStatus.PASS;
    }
}
