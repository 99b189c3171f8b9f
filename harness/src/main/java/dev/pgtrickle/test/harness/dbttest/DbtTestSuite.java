package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.render.CompiledProject;
import java.util.List;

/**
 * A project's dbt tests bound to its database: what {@code dbt test} runs. The engine's session hands one out
 * ({@code ProjectSession.dbtTests}); the JUnit integrations run its tests one by one, the command line all at once.
 */
public final class DbtTestSuite {

    /** How many failing rows a result keeps unless the user says otherwise (the extension, the TestEngine, the CLI). */
    public static final int DEFAULT_FAILING_ROWS = 10;

    private final List<DbtTest> tests;
    private final DbtTestRunner runner;

    /**
     * @param project the compiled project (its tests, relations and renderer)
     * @param select dbt node selection; blank selects every test
     * @param exclude dbt node exclusion; may be blank
     * @param connections opens connections to the project's database
     * @param rowLimit how many failing rows a result keeps
     */
    public DbtTestSuite(
            CompiledProject project, String select, String exclude, ConnectionFactory connections, int rowLimit) {
        this(project, select, exclude, connections, rowLimit, ScenarioExecutor.UNAVAILABLE);
    }

    /**
     * @param project the compiled project (its tests, relations and renderer)
     * @param select dbt node selection; blank selects every test
     * @param exclude dbt node exclusion; may be blank
     * @param connections opens connections to the project's database
     * @param rowLimit how many failing rows a result keeps
     * @param scenarios runs the project's change scenarios
     */
    public DbtTestSuite(
            CompiledProject project,
            String select,
            String exclude,
            ConnectionFactory connections,
            int rowLimit,
            ScenarioExecutor scenarios) {
        this.tests = DbtTestDeclarations.selected(project, select, exclude);
        this.runner = new DbtTestRunner(
                connections,
                DbtTestCompiler.of(project),
                rowLimit,
                new ScenarioTests(project.project().name(), project.project().scenarios(), scenarios));
    }

    /** The selected tests, in the order {@code dbt test} would list them. */
    public List<DbtTest> tests() {
        return tests;
    }

    /** Run one test. */
    public DbtTestResult run(DbtTest test) {
        return runner.run(test);
    }

    /** Run every selected test, telling {@code listener} about each. */
    public DbtTestResults runAll(DbtTestListener listener) {
        return runner.runAll(tests, listener);
    }

    /** Run every selected test. */
    public DbtTestResults runAll() {
        return runAll(DbtTestListener.NONE);
    }
}
