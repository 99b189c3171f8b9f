package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTest;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * A seed, a model or a dbt test of a project, reported as one JUnit test. Its unique-id segment type is {@code seed},
 * {@code model} or {@code test}; listeners (the command line) read the kind from it. Its JUnit tags are {@code dbt}
 * and {@code dbt-seed}, {@code dbt-model} or {@code dbt-test}, so tag expressions ({@code -DexcludedGroups=dbt}) apply.
 */
final class DbtNodeDescriptor extends AbstractTestDescriptor {

    static final String SEED = "seed";
    static final String MODEL = "model";
    static final String TEST = "test";

    /** The tag every descriptor of this engine carries. */
    static final TestTag DBT_TAG = TestTag.create("dbt");

    private final Optional<DbtTest> test;
    private final Set<TestTag> tags;

    private DbtNodeDescriptor(UniqueId id, String displayName, TestSource source, Optional<DbtTest> test) {
        super(id, displayName, source);
        this.test = test;
        this.tags = Set.of(DBT_TAG, TestTag.create("dbt-" + id.getLastSegment().getType()));
    }

    static DbtNodeDescriptor forTest(UniqueId projectId, DbtTest test) {
        return new DbtNodeDescriptor(
                projectId.append(TEST, test.name()), test.name(), source(Optional.of(test.file())), Optional.of(test));
    }

    static DbtNodeDescriptor forNode(UniqueId projectId, String type, String name, Optional<Path> file) {
        return new DbtNodeDescriptor(projectId.append(type, name), type + " " + name, source(file), Optional.empty());
    }

    private static TestSource source(Optional<Path> file) {
        return file.map(path -> FileSource.from(path.toFile())).orElse(null);
    }

    /** The dbt test this descriptor stands for; empty for seeds and models. */
    Optional<DbtTest> test() {
        return test;
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }
}
