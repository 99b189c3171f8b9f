package dev.pgtrickle.test.junit.engine;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.DirectorySource;

/** One dbt project: a container whose children are its dbt tests (seeds and models join as dynamic tests). */
final class DbtProjectDescriptor extends AbstractTestDescriptor {

    static final String SEGMENT = "project";

    private final Path project;
    private final Optional<RuntimeException> discoveryError;

    DbtProjectDescriptor(UniqueId id, Path project, Optional<RuntimeException> discoveryError) {
        super(id, "dbt project " + project.getFileName(), DirectorySource.from(project.toFile()));
        this.project = project;
        this.discoveryError = discoveryError;
    }

    Path project() {
        return project;
    }

    /** Why the project's tests could not be listed; reported as the project's failure. */
    Optional<RuntimeException> discoveryError() {
        return discoveryError;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
