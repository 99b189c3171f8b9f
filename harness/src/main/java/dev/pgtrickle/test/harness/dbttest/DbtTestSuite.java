package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.server.ConnectionFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A project's dbt tests bound to its database: what {@code dbt test} runs. The engine's session hands one out; the
 * JUnit integrations run its tests one by one, the command line all at once.
 */
public final class DbtTestSuite {

    private final List<DbtTest> tests;
    private final DbtTestRunner runner;

    /**
     * @param layout the project's folders (where the tests are declared)
     * @param context resolves refs and sources and renders Jinja for the project
     * @param connections opens connections to the project's database
     * @param rowLimit how many failing rows a result keeps
     * @param selected which declared tests belong to the run (e.g. those of the selected models)
     */
    public DbtTestSuite(
            DbtProjectLayout layout,
            DbtTestContext context,
            ConnectionFactory connections,
            int rowLimit,
            Predicate<DbtTest> selected) {
        DbtTestLoader loader = new DbtTestLoader(layout);
        Map<String, GenericTestMacro> custom = loader.customGenericTests();
        this.tests = loader.tests().stream().filter(selected).toList();
        this.runner = new DbtTestRunner(connections, new DbtTestCompiler(context, custom), rowLimit);
    }

    /**
     * The dbt tests of {@code session}'s project that go with its selection (all tests when nothing is selected),
     * compiled with the project's renderer and run against the session's database.
     *
     * @param rowLimit how many failing rows a result keeps
     */
    public static DbtTestSuite of(ProjectSession session, int rowLimit) {
        var options = session.options();
        java.util.function.Predicate<DbtTest> selected =
                options.select().isBlank() && options.exclude().isBlank()
                        ? DbtTestSelection.all()
                        : DbtTestSelection.of(SessionDbtTestContext.selectedNodes(session));
        return new DbtTestSuite(
                DbtProjectLayout.read(options.projectDir()),
                new SessionDbtTestContext(session.compiledProject()),
                session.database()::connect,
                rowLimit,
                selected);
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
