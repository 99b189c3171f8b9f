package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A generic (schema) test from a property file, e.g. {@code not_null} on a column, or
 * {@code dbt_pgtrickle.stream_table_fresh} on a model.
 *
 * @param name dbt's generated test name, e.g. {@code not_null_order_totals_customer_id}
 * @param uniqueId {@code test.<project>.<name>}
 * @param testName the test as written, with any package prefix ({@code unique}, {@code dbt_pgtrickle.foo})
 * @param packageName the package prefix when written ({@code dbt_pgtrickle}), otherwise empty
 * @param macroName the macro that implements it: {@code test_<bare test name>}
 * @param attachedTo the model, seed or source table it is declared on
 * @param columnName the column, for column-level tests
 * @param kwargs the test's arguments (without {@code config} and config keys), as YAML gave them; a value like
 *     {@code ref('x')} stays a string, as in dbt
 * @param config {@code config:} merged with top-level config keys ({@code severity} default {@code ERROR},
 *     {@code where}, {@code error_if}, {@code warn_if}, {@code limit}, {@code tags}, {@code enabled})
 * @param file the property file
 * @param line the 1-based line of the test entry
 */
public record GenericTestNode(
        String name,
        String uniqueId,
        String testName,
        Optional<String> packageName,
        String macroName,
        TestAttachment attachedTo,
        Optional<String> columnName,
        Map<String, Object> kwargs,
        NodeConfig config,
        Path file,
        int line) {

    public GenericTestNode {
        kwargs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
    }

    /** This test with another configuration (e.g. the project's {@code tests:} block applied under its own). */
    public GenericTestNode withConfig(NodeConfig config) {
        return new GenericTestNode(
                name, uniqueId, testName, packageName, macroName, attachedTo, columnName, kwargs, config, file, line);
    }

    /** Whether the property file gave the test a {@code name:} instead of the one dbt generates. */
    public boolean hasCustomName() {
        return !name.equals(GenericTestParser.synthesizeName(testName, attachedTo, kwargs));
    }

    /** {@code ERROR} or {@code WARN} (upper case), default {@code ERROR}. */
    public String severity() {
        return config.string("severity")
                .map(s -> s.toUpperCase(java.util.Locale.ROOT))
                .orElse("ERROR");
    }
}
