package dev.pgtrickle.test.harness.dbttest;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/** dbt's {@code severity} test config: whether a test that finds failing rows fails the run or only warns. */
@API(status = STABLE, since = "0.1")
public enum DbtTestSeverity {
    /** Failing rows above {@code error_if} fail the test (dbt's default). */
    ERROR,
    /** Failing rows above {@code warn_if} only warn; {@code error_if} is ignored, as in dbt. */
    WARN;

    static DbtTestSeverity parse(Object value, String origin) {
        String text = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
        return switch (text) {
            case "ERROR" -> ERROR;
            case "WARN" -> WARN;
            default ->
                throw new DbtTestDefinitionException(
                        "%s: severity '%s' is not valid; use 'error' or 'warn'".formatted(origin, value));
        };
    }
}
