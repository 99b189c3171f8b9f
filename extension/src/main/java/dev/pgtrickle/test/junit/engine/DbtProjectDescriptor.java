package dev.pgtrickle.test.junit.engine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

/** One dbt project: a container whose children are its dbt tests (seeds and models join as dynamic tests). */
final class DbtProjectDescriptor extends AbstractTestDescriptor {

    static final String SEGMENT = "project";

    private final Path project;
    private final Optional<RuntimeException> discoveryError;
    private boolean hadDiscoveredTests;

    DbtProjectDescriptor(UniqueId id, Path project, Optional<RuntimeException> discoveryError) {
        super(id, "dbt project " + project.getFileName(), ClassSource.from(reportName(project)));
        this.project = project;
        this.discoveryError = discoveryError;
    }

    /**
     * {@code dbt.<project name>}: the project's source is a (synthetic) class source because Maven Surefire groups and
     * counts tests only under containers with a class source; with a directory source it would run the tests but leave
     * them out of its report and its pass/fail verdict. The name is {@code name:} from {@code dbt_project.yml}, so a
     * project in the usual {@code dbt/} folder reports as {@code dbt.<its name>}, not {@code dbt.dbt}; the folder name
     * stands in when the file has no usable name (the project's own failure then says why).
     */
    static String reportName(Path project) {
        return "dbt." + DbtProjectName.of(project).orElse(String.valueOf(project.getFileName()));
    }

    Path project() {
        return project;
    }

    /** Why the project's tests could not be listed; reported as the project's failure. */
    Optional<RuntimeException> discoveryError() {
        return discoveryError;
    }

    /** Tagged {@code dbt}, so {@code -Dgroups=docker} leaves a project without dbt tests out and {@code dbt} excludes it. */
    @Override
    public Set<TestTag> getTags() {
        return Set.of(DbtNodeDescriptor.DBT_TAG);
    }

    /** Adds a dbt test found at discovery (seeds and models join later, while the project runs). */
    void addDiscoveredTest(DbtNodeDescriptor test) {
        hadDiscoveredTests = true;
        addChild(test);
    }

    /**
     * Seeds and models join at execution time, so the launcher must not prune a project without static tests. But a
     * project whose discovered dbt tests a tag filter removed all of was filtered out: the launcher visits the project
     * (then still with children) before its tests, so this is the only way to let it prune the project.
     */
    @Override
    public boolean mayRegisterTests() {
        return !hadDiscoveredTests || !getChildren().isEmpty();
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
