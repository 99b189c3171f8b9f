package dev.pgtrickle.test.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test classes around a context, closest first, found by walking the context's parents.
 *
 * <p>JUnit 5.12 added {@code ExtensionContext.getEnclosingTestClasses()} for this; walking the parents gives the same
 * classes on every supported JUnit version (5.10 and later), which the consumer tests check.
 */
final class TestClassNesting {

    private TestClassNesting() {}

    /** The test class of {@code context} (if any) followed by its enclosing test classes, closest first. */
    static List<Class<?>> classesClosestFirst(ExtensionContext context) {
        List<Class<?>> classes = new ArrayList<>();
        for (Optional<ExtensionContext> current = Optional.of(context);
                current.isPresent();
                current = current.get().getParent()) {
            current.get()
                    .getTestClass()
                    .filter(testClass -> classes.isEmpty() || classes.get(classes.size() - 1) != testClass)
                    .ifPresent(classes::add);
        }
        return classes;
    }
}
