package dev.pgtrickle.test.junit;

import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.AWAIT_TIMEOUT;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.BACKEND;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.EXCLUDE;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.FULL_REFRESH;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.IMAGE;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.PROJECT;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.RUN_DBT_TESTS;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.SELECT;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.SETUP_SCRIPTS;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.TARGET;
import static dev.pgtrickle.test.junit.PgTrickleConfigurationKeys.VARS;

import dev.pgtrickle.test.harness.server.SettingSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Finds the configuration that applies to a test class and resolves it into {@link PgTrickleSettings}.
 *
 * <p>Annotation lookup: {@code @PgTrickleProject} counts when it is present on the class, meta-present (on an annotation
 * of the class), inherited from a superclass, or enclosing-present (on an enclosing class of a {@code @Nested} class);
 * the closest one wins. Layers, highest precedence first: the builder of a programmatically registered extension, the
 * annotation, the configuration parameters.
 */
final class ProjectConfiguration {

    private ProjectConfiguration() {}

    /** Whether the class itself (not an enclosing class) declares {@code @PgTrickleProject}. */
    static boolean declaredOn(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, PgTrickleProject.class)
                .isPresent();
    }

    /** Resolve and validate the settings for the class of {@code context}; touches no database. */
    static PgTrickleSettings resolve(ExtensionContext context, Optional<SettingsLayer> builderLayer) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<PgTrickleProject> annotation =
                AnnotationSupport.findAnnotation(testClass, PgTrickleProject.class, context.getEnclosingTestClasses());
        SettingsLayer parameters = SettingsLayer.configurationParameters(context::getConfigurationParameter);
        SettingsLayer layers = annotation
                .map(ProjectConfiguration::annotationLayer)
                .map(layer -> layer.orElse(parameters))
                .orElse(parameters);
        String owner;
        if (builderLayer.isPresent()) {
            layers = builderLayer.get().orElse(layers);
            owner = "PgTrickleExtension.builder() on " + testClass.getName();
        } else if (annotation.isPresent()) {
            owner = "@PgTrickleProject on " + testClass.getName();
        } else {
            owner = "@ExtendWith(PgTrickleExtension.class) on " + testClass.getName();
        }
        return new SettingsResolver(owner, layers, SettingSource.environment()).resolve();
    }

    private static SettingsLayer annotationLayer(PgTrickleProject project) {
        Map<String, String> scalars = new HashMap<>();
        scalars.put(PROJECT, project.path());
        scalars.put(BACKEND, project.backend());
        scalars.put(IMAGE, project.image());
        scalars.put(TARGET, project.target());
        scalars.put(SELECT, project.select());
        scalars.put(EXCLUDE, project.exclude());
        scalars.put(AWAIT_TIMEOUT, project.awaitTimeout());
        scalars.put(FULL_REFRESH, toggle(project.fullRefresh()));
        scalars.put(RUN_DBT_TESTS, toggle(project.runDbtTests()));
        Map<String, List<String>> lists =
                Map.of(VARS, List.of(project.vars()), SETUP_SCRIPTS, List.of(project.setupScripts()));
        return SettingsLayer.explicit(scalars, lists, key -> "attribute '%s'".formatted(ATTRIBUTE_NAMES.get(key)));
    }

    private static String toggle(Toggle toggle) {
        return switch (toggle) {
            case DEFAULT -> "";
            case ENABLED -> "true";
            case DISABLED -> "false";
        };
    }

    /** The annotation attribute each configuration key corresponds to, for messages. */
    static final Map<String, String> ATTRIBUTE_NAMES = Map.ofEntries(
            Map.entry(PROJECT, "path"),
            Map.entry(BACKEND, "backend"),
            Map.entry(IMAGE, "image"),
            Map.entry(TARGET, "target"),
            Map.entry(VARS, "vars"),
            Map.entry(SELECT, "select"),
            Map.entry(EXCLUDE, "exclude"),
            Map.entry(FULL_REFRESH, "fullRefresh"),
            Map.entry(RUN_DBT_TESTS, "runDbtTests"),
            Map.entry(AWAIT_TIMEOUT, "awaitTimeout"),
            Map.entry(SETUP_SCRIPTS, "setupScripts"));
}
