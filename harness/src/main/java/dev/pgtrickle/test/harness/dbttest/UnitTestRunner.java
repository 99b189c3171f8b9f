package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.catalog.RowDiff;
import dev.pgtrickle.test.harness.catalog.RowSet;
import dev.pgtrickle.test.harness.db.Transactions;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.project.UnitTestFixture;
import dev.pgtrickle.test.harness.project.UnitTestNode;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.CompiledSeed;
import dev.pgtrickle.test.harness.render.UnitTestRendering;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs dbt unit tests as dbt 1.8+ does: each input's rows become a CTE typed like the relation it stands for, the
 * model's SQL runs on them in place of its refs and sources (the model itself is not built), and the rows it gives,
 * in the columns the expected rows name, are compared with the expected rows as a multiset. Everything runs in one
 * transaction that is rolled back: an upstream relation this run did not build is created as a view there, only to
 * read its column types, and never outlives the test.
 */
final class UnitTestRunner {

    private static final Pattern REF =
            Pattern.compile("ref\\(\\s*(?:['\"][^'\"]+['\"]\\s*,\\s*)?['\"]([^'\"]+)['\"]\\s*\\)");
    private static final Pattern SOURCE =
            Pattern.compile("source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)");

    private final CompiledProject project;

    UnitTestRunner(CompiledProject project) {
        this.project = project;
    }

    /** A unit test that cannot run as written; the message names the file, line and entry. */
    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    /** One input resolved: the CTE it becomes, and what its column types come from. */
    private record Input(
            UnitTestFixture fixture, String cte, Optional<Relation> relation, Optional<CompiledModel> model) {}

    DbtTestResult run(Connection connection, DbtTest test) {
        long start = System.nanoTime();
        UnitTestNode unitTest = test.unitTest().orElseThrow();
        String[] sql = {""};
        try {
            if (unitTest.problem().isPresent()) {
                throw new Problem(unitTest.problem().get());
            }
            CompiledModel model = project.findModel(unitTest.model())
                    .orElseThrow(() -> problem(
                            unitTest, "model '%s' is not part of this compilation".formatted(unitTest.model())));
            checkIncremental(unitTest, model);
            List<Input> inputs = new ArrayList<>();
            for (UnitTestFixture fixture : unitTest.given()) {
                inputs.add(resolve(unitTest, model, fixture));
            }
            UnitTestDiff diff = Transactions.rolledBack(connection, c -> compare(c, unitTest, model, inputs, sql));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (diff == null) {
                return new DbtTestResult(
                        test, DbtTestStatus.PASS, 0, FailingRows.none(), sql[0], elapsed, Optional.empty());
            }
            return new DbtTestResult(
                    test,
                    DbtTestStatus.FAIL,
                    1,
                    FailingRows.none(),
                    sql[0],
                    elapsed,
                    Optional.empty(),
                    Optional.of(diff));
        } catch (Problem | ProjectException e) {
            return error(test, start, sql[0], e.getMessage());
        } catch (SQLException e) {
            return error(test, start, sql[0], "the database refused the unit test's SQL: " + e.getMessage());
        }
    }

    private static DbtTestResult error(DbtTest test, long start, String sql, String message) {
        return new DbtTestResult(
                test,
                DbtTestStatus.ERROR,
                0,
                FailingRows.none(),
                sql,
                Duration.ofNanos(System.nanoTime() - start),
                Optional.of(message));
    }

    /** dbt's rules for incremental models: say whether is_incremental() is true, and give 'this' when it is. */
    private static void checkIncremental(UnitTestNode unitTest, CompiledModel model) {
        if (!"incremental".equals(model.materialization())
                || !model.node().rawSql().contains("is_incremental")) {
            return;
        }
        Object override = unitTest.macroOverrides().get("is_incremental");
        if (!(override instanceof Boolean incremental)) {
            throw problem(
                    unitTest,
                    "unit test '%s' tests incremental model '%s', which calls is_incremental(): say which run it is with 'overrides: macros: {is_incremental: true}' (or false), as dbt requires"
                            .formatted(unitTest.name(), model.name()));
        }
        if (incremental && unitTest.thisInput().isEmpty()) {
            throw problem(
                    unitTest,
                    "unit test '%s' for incremental model '%s' overrides is_incremental to true, so it needs a 'this' input (the rows the model already holds), as dbt requires"
                            .formatted(unitTest.name(), model.name()));
        }
    }

    private Input resolve(UnitTestNode unitTest, CompiledModel tested, UnitTestFixture fixture) {
        String input = fixture.input().strip();
        if (fixture.isThis()) {
            return new Input(
                    fixture,
                    UnitTestRendering.refCte(tested.name()),
                    tested.isEphemeral() ? Optional.empty() : Optional.of(tested.relation()),
                    Optional.of(tested));
        }
        Matcher ref = REF.matcher(input);
        if (ref.matches()) {
            String name = ref.group(1);
            Optional<CompiledModel> model = project.findModel(name);
            if (model.isPresent() && model.get().isEphemeral() && fixture.format() != UnitTestFixture.Format.SQL) {
                // dbt reads an input's column types from its relation, and an ephemeral model has none.
                throw new Problem(ProjectException.located(
                        "unit test '%s', input ref('%s'): '%s' is an ephemeral model, which has no relation to read column types from; give its rows with 'format: sql' (select ... as column, ...), as dbt requires"
                                .formatted(unitTest.name(), name, name),
                        fixture.file(),
                        fixture.line()));
            }
            if (model.isPresent()) {
                return new Input(
                        fixture,
                        UnitTestRendering.refCte(name),
                        model.get().isEphemeral()
                                ? Optional.empty()
                                : Optional.of(model.get().relation()),
                        model);
            }
            Optional<CompiledSeed> seed = project.findSeed(name);
            if (seed.isPresent()) {
                return new Input(
                        fixture,
                        UnitTestRendering.refCte(name),
                        Optional.of(seed.get().relation()),
                        Optional.empty());
            }
            throw problem(
                    unitTest,
                    "unit test '%s', input ref('%s'): no model or seed of the project is called '%s'"
                            .formatted(unitTest.name(), name, name));
        }
        Matcher source = SOURCE.matcher(input);
        if (source.matches()) {
            SourceTable table = project.project()
                    .source(source.group(1), source.group(2))
                    .orElseThrow(() -> problem(
                            unitTest,
                            "unit test '%s', input %s: no such source table is declared under 'sources:'"
                                    .formatted(unitTest.name(), input)));
            return new Input(
                    fixture,
                    UnitTestRendering.sourceCte(table.sourceName(), table.tableName()),
                    Optional.of(table.relation()),
                    Optional.empty());
        }
        throw problem(
                unitTest,
                "unit test '%s': input '%s' is not ref('model'), source('source', 'table') or this"
                        .formatted(unitTest.name(), input));
    }

    /** Runs the model on the inputs and compares; null when the rows match. */
    private UnitTestDiff compare(
            Connection connection, UnitTestNode unitTest, CompiledModel model, List<Input> inputs, String[] sql)
            throws SQLException {
        Map<String, String> ctes = new LinkedHashMap<>();
        Set<String> refs = new LinkedHashSet<>();
        Set<String> sources = new LinkedHashSet<>();
        for (Input input : inputs) {
            ctes.put(input.cte(), fixtureSql(connection, unitTest, input));
            if (!input.fixture().isThis()) {
                Matcher ref = REF.matcher(input.fixture().input().strip());
                Matcher source = SOURCE.matcher(input.fixture().input().strip());
                if (ref.matches()) {
                    refs.add(ref.group(1));
                } else if (source.matches()) {
                    sources.add(source.group(1) + "." + source.group(2));
                }
            }
        }
        UnitTestRendering rendering = new UnitTestRendering(
                refs,
                sources,
                unitTest.thisInput().isPresent(),
                unitTest.varOverrides(),
                unitTest.envVarOverrides(),
                unitTest.macroOverrides());
        String modelSql;
        try {
            modelSql = project.renderForUnitTest(model.name(), rendering, connection);
        } catch (ProjectException e) {
            throw problem(unitTest, "unit test '%s': %s".formatted(unitTest.name(), e.getMessage()));
        }
        String actual = UnitTestRendering.withInputs(stripSemicolons(modelSql), ctes);
        sql[0] = actual;
        Map<String, String> modelColumns = ColumnTypes.ofQuery(connection, actual);
        UnitTestFixture expect = unitTest.expect().orElseThrow();
        List<String> tested;
        String expectedSql;
        if (expect.format() == UnitTestFixture.Format.SQL) {
            tested = List.copyOf(modelColumns.keySet());
            expectedSql = stripSemicolons(expect.sql().orElseThrow());
        } else {
            try {
                tested = expect.rows().isEmpty()
                        ? List.copyOf(modelColumns.keySet())
                        : FixtureSql.testedColumns(expect.rows(), modelColumns);
            } catch (FixtureSql.UnknownColumn e) {
                throw new Problem(ProjectException.located(
                        "unit test '%s', 'expect:': %s (model %s)"
                                .formatted(unitTest.name(), e.getMessage(), model.name()),
                        expect.file(),
                        expect.line()));
            }
            expectedSql = expect.rows().isEmpty()
                    ? "select * from (%s) dbt_internal_unit_test_actual limit 0".formatted(actual)
                    : FixtureSql.expected(expect.rows(), tested, modelColumns);
        }
        String columnList = tested.stream().map(FixtureSql::quote).collect(Collectors.joining(", "));
        RowSet actualRows =
                rows(connection, "select %s from (\n%s\n) dbt_internal_unit_test_actual".formatted(columnList, actual));
        RowSet expectedRows = rows(
                connection,
                "select %s from (\n%s\n) dbt_internal_unit_test_expected".formatted(columnList, expectedSql));
        RowDiff diff = RowDiff.between(tested, actualRows.rows(), expectedRows.rows());
        return diff.matches() ? null : new UnitTestDiff(diff.summary(), diff.actualTable(), diff.expectedTable());
    }

    private String fixtureSql(Connection connection, UnitTestNode unitTest, Input input) throws SQLException {
        UnitTestFixture fixture = input.fixture();
        if (fixture.format() == UnitTestFixture.Format.SQL) {
            return stripSemicolons(fixture.sql().orElseThrow());
        }
        Map<String, String> columns = columnsOf(connection, unitTest, input);
        try {
            return FixtureSql.input(fixture.rows(), columns);
        } catch (FixtureSql.UnknownColumn e) {
            throw new Problem(ProjectException.located(
                    "unit test '%s', input %s: %s".formatted(unitTest.name(), fixture.input(), e.getMessage()),
                    fixture.file(),
                    fixture.line()));
        }
    }

    /**
     * The input's column types, from its relation in the database as dbt reads them; when this run did not build it
     * (not selected, ephemeral, or the tested model itself under {@code this}), from the model's compiled SQL, with any
     * upstream relation it reads that is missing too created as a view in the test's rolled-back transaction.
     */
    private Map<String, String> columnsOf(Connection connection, UnitTestNode unitTest, Input input)
            throws SQLException {
        if (input.relation().isPresent()) {
            Optional<Map<String, String>> columns =
                    ColumnTypes.ofRelation(connection, input.relation().get());
            if (columns.isPresent()) {
                return columns.get();
            }
        }
        if (input.model().isEmpty()) {
            throw problem(
                    unitTest,
                    "unit test '%s', input %s: cannot read its column types because relation %s does not exist (a source needs its table, e.g. from a setup script; a seed needs the seed phase), or give the rows with 'format: sql'"
                            .formatted(
                                    unitTest.name(),
                                    input.fixture().input(),
                                    input.relation().map(Relation::quoted).orElse("?")));
        }
        CompiledModel model = input.model().get();
        createMissingUpstream(connection, model, new HashSet<>());
        return ColumnTypes.ofQuery(connection, requireCompiled(unitTest, model));
    }

    private void createMissingUpstream(Connection connection, CompiledModel model, Set<String> done)
            throws SQLException {
        for (String id : model.dependsOn().models()) {
            Optional<CompiledModel> upstream = project.models().stream()
                    .filter(candidate -> candidate.uniqueId().equals(id))
                    .findFirst();
            if (upstream.isEmpty() || !done.add(id)) {
                continue;
            }
            CompiledModel parent = upstream.get();
            createMissingUpstream(connection, parent, done);
            if (parent.isEphemeral()
                    || parent.compiledSql().isBlank()
                    || ColumnTypes.ofRelation(connection, parent.relation()).isPresent()) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("create schema if not exists "
                        + Relation.quote(parent.relation().schema()));
                statement.execute("create view %s as %s"
                        .formatted(parent.relation().quoted(), stripSemicolons(parent.compiledSql())));
            }
        }
    }

    private static String requireCompiled(UnitTestNode unitTest, CompiledModel model) {
        if (model.compiledSql().isBlank()) {
            throw problem(
                    unitTest,
                    "unit test '%s': model %s did not compile, so its column types are unknown: %s"
                            .formatted(
                                    unitTest.name(),
                                    model.name(),
                                    model.compileError().orElse("")));
        }
        return stripSemicolons(model.compiledSql());
    }

    private static RowSet rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return RowSet.read(rows);
        }
    }

    private static String stripSemicolons(String sql) {
        return DbtTestCompiler.stripTrailingSemicolons(sql);
    }

    private static Problem problem(UnitTestNode unitTest, String message) {
        return new Problem(ProjectException.located(message, unitTest.file(), unitTest.line()));
    }
}
