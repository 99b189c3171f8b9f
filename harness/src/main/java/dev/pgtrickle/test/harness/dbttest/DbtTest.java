package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.TestAttachment;
import dev.pgtrickle.test.harness.project.UnitTestNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One dbt test as the project declares it, before compilation. {@link DbtTestDeclarations} builds them from the loaded
 * project.
 *
 * @param name the readable, unique name shown to users: {@code not_null order_totals.customer_id},
 *     {@code assert_totals_correct}, or the {@code name:} the property file gives
 * @param uniqueId dbt's unique id, {@code test.<project>.<dbt name>}: the test's node in the project graph
 * @param kind generic or singular
 * @param testName the generic test's name without namespace ({@code not_null}, {@code stream_table_healthy}), or the
 *     singular test's file name without {@code .sql}
 * @param namespace the package prefix as written ({@code dbt_pgtrickle}), if any
 * @param node the tested model, seed or source table (generic tests only)
 * @param column the tested column (column-level generic tests only)
 * @param arguments the test's arguments (for example {@code values}, {@code to}, {@code field})
 * @param config severity, where, thresholds: the project's {@code tests:} block, then the test's own config
 * @param file the property file or {@code .sql} file that declares the test
 * @param sql the singular test's SQL template (singular tests only)
 * @param unitTest the unit test's definition (unit tests only)
 */
public record DbtTest(
        String name,
        String uniqueId,
        DbtTestKind kind,
        String testName,
        Optional<String> namespace,
        Optional<TestAttachment> node,
        Optional<String> column,
        Map<String, Object> arguments,
        DbtTestConfig config,
        Path file,
        Optional<String> sql,
        Optional<UnitTestNode> unitTest) {

    public DbtTest {
        arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** A generic or singular test. */
    public DbtTest(
            String name,
            String uniqueId,
            DbtTestKind kind,
            String testName,
            Optional<String> namespace,
            Optional<TestAttachment> node,
            Optional<String> column,
            Map<String, Object> arguments,
            DbtTestConfig config,
            Path file,
            Optional<String> sql) {
        this(name, uniqueId, kind, testName, namespace, node, column, arguments, config, file, sql, Optional.empty());
    }

    /** The same test with another readable name (used to make duplicate names unique). */
    DbtTest named(String newName) {
        return new DbtTest(
                newName, uniqueId, kind, testName, namespace, node, column, arguments, config, file, sql, unitTest);
    }

    /** The test's name with its namespace as written: {@code dbt_pgtrickle.stream_table_healthy}. */
    public String qualifiedTestName() {
        return namespace.map(ns -> ns + "." + testName).orElse(testName);
    }

    /** The name of the tested model, seed or source table ({@code raw.orders}); empty for singular tests. */
    public Optional<String> nodeName() {
        return node.map(attached -> attached.sourceName()
                .map(source -> source + "." + attached.name())
                .orElse(attached.name()));
    }
}
