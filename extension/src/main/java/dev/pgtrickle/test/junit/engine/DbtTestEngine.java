package dev.pgtrickle.test.junit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;

/**
 * The {@code pgtrickle-dbt} JUnit Platform engine: every dbt project it discovers is built in a database of its own
 * (seeds, models, stream tables awaited) and each of its dbt tests becomes a JUnit test. Registered through
 * {@code META-INF/services}, so Maven Surefire, Gradle and IDEs run it next to Jupiter.
 *
 * <p>Projects come from directory selectors (the command line), unique-id selectors (IDE re-runs), the configuration
 * parameter {@code pgtrickle.dbt.projects}, or, failing those, every folder under {@code src/test/dbt} (the
 * {@code pgtrickle.dbt.projects-root} parameter) holding a {@code dbt_project.yml}.
 */
@API(status = INTERNAL, since = "0.1")
public final class DbtTestEngine implements TestEngine {

    /** The engine's id, for {@code includeEngines} filters and {@code EngineTestKit}. */
    public static final String ENGINE_ID = "pgtrickle-dbt";

    /** The engine as the platform loads it. */
    public DbtTestEngine() {}

    @Override
    public String getId() {
        return ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.pgtrickle");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("pgtrickle-test-extension");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        return new ProjectDiscovery(request, uniqueId).discover();
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        var listener = request.getEngineExecutionListener();
        listener.executionStarted(root);
        DbtEngineSettings settings;
        try {
            settings = DbtEngineSettings.from(request.getConfigurationParameters());
        } catch (ProjectException e) {
            listener.executionFinished(root, TestExecutionResult.failed(e));
            return;
        }
        for (TestDescriptor child : root.getChildren()) {
            if (child instanceof DbtProjectDescriptor project) {
                new ProjectExecution(project, settings, listener).execute();
            }
        }
        listener.executionFinished(root, TestExecutionResult.successful());
    }
}
