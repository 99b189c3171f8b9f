package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.graph.ProjectGraph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One project being built in its own database: the engine's view of the harness's project session. */
interface ProjectRun extends AutoCloseable {

    /** Load the seeds; one outcome per seed. */
    List<NodeOutcome> seed();

    /** Materialize the selected models; one outcome per model. */
    List<NodeOutcome> run();

    /** Wait until the selected stream tables are populated; throws with the reason when they do not get there. */
    void awaitPopulated();

    /** The project's dbt tests that belong to the selection, bound to the database. */
    DbtTestSuite tests();

    /** The unique ids of the nodes the run selected (models, seeds, sources and the tests that go with them). */
    java.util.Set<String> selectedNodes();

    /** The compiled project's graph: which models and seeds each dbt test reads. */
    ProjectGraph graph();

    /** What dbt would warn about in the project (each {@code file:line: message}); empty when nothing. */
    List<String> warnings();

    /** The database's JDBC URL, for {@code --keep}. */
    String jdbcUrl();

    /** Which backend, PostgreSQL and pg_trickle (real or emulated) this run uses, in one line. */
    String backendLine();

    @Override
    void close();

    /**
     * What happened to one seed or model.
     *
     * @param type {@code seed} or {@code model}
     * @param name the node's name
     * @param ok whether it was built
     * @param skipped whether it was not attempted (an upstream node failed)
     * @param detail a short note for progress output: the rows loaded, the action taken
     * @param elapsed wall time
     * @param error the message when not {@code ok}
     * @param file the node's file
     */
    record NodeOutcome(
            String type,
            String name,
            boolean ok,
            boolean skipped,
            String detail,
            Duration elapsed,
            Optional<String> error,
            Optional<Path> file) {}
}
