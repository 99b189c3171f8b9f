package dev.pgtrickle.test.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Where a class's {@link ProjectResource} is kept: in the store of the class that configured it, under a key naming that
 * class. A {@code @Nested} class without its own configuration finds its enclosing class's project by looking up the
 * keys of the enclosing classes, closest first, through the store's parent chain.
 */
final class ProjectLookup {

    static final Namespace NAMESPACE = Namespace.create(PgTrickleExtension.class);

    /** The store key of the project a class configured. */
    record ProjectKey(Class<?> testClass) {}

    private ProjectLookup() {}

    /** The project the class itself configured, if it did and it is open. */
    static Optional<ProjectResource> ownProject(ExtensionContext context) {
        Store store = context.getStore(NAMESPACE);
        return Optional.ofNullable(store.get(new ProjectKey(context.getRequiredTestClass()), ProjectResource.class));
    }

    /** The project of the closest class (this one, then the enclosing ones) that has one. */
    static Optional<ProjectResource> closestProject(ExtensionContext context) {
        Store store = context.getStore(NAMESPACE);
        for (Class<?> candidate : TestClassNesting.classesClosestFirst(context)) {
            ProjectResource resource = store.get(new ProjectKey(candidate), ProjectResource.class);
            if (resource != null) {
                return Optional.of(resource);
            }
        }
        return Optional.empty();
    }

    /** Keep {@code resource} in the class's store, which closes it when the class is done. */
    static void keep(ExtensionContext context, ProjectResource resource) {
        context.getStore(NAMESPACE).put(new ProjectKey(context.getRequiredTestClass()), resource);
    }
}
