package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Finds the configuration that applies to a test class and resolves it into {@link PgTrickleSettings}.
 *
 * <p>Annotation lookup: {@code @PgTrickleProject} counts when it is present on the class, meta-present (on an annotation
 * of the class), inherited from a superclass, or enclosing-present (on an enclosing class of a {@code @Nested} class);
 * the closest one wins. Layers, highest precedence first: the builder of a programmatically registered extension, the
 * annotation, the configuration parameters. Attributes are read by the names in the harness's key table
 * ({@link Setting#attribute()}), so a new setting needs its attribute and its table row, nothing here.
 */
final class ProjectConfiguration {

    /** The typed attribute for {@link Setting#BACKEND}, next to the text attribute {@code backend}. */
    private static final String SERVER = "server";

    private ProjectConfiguration() {}

    /** Whether the class itself (not an enclosing class) declares {@code @PgTrickleProject}. */
    static boolean declaredOn(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, PgTrickleProject.class)
                .isPresent();
    }

    /** Resolve and validate the settings for the class of {@code context}; touches no database. */
    static PgTrickleSettings resolve(ExtensionContext context, Optional<SettingLayer> builderLayer) {
        Class<?> testClass = context.getRequiredTestClass();
        // The class's own annotation (or an inherited or meta one) first, then the closest enclosing class's.
        Optional<PgTrickleProject> annotation = TestClassNesting.classesClosestFirst(context).stream()
                .map(candidate -> AnnotationSupport.findAnnotation(candidate, PgTrickleProject.class))
                .flatMap(Optional::stream)
                .findFirst();
        String owner;
        if (builderLayer.isPresent()) {
            owner = "PgTrickleExtension.builder() on " + testClass.getName();
        } else if (annotation.isPresent()) {
            owner = "@PgTrickleProject on " + testClass.getName();
        } else {
            owner = "@ExtendWith(PgTrickleExtension.class) on " + testClass.getName();
        }
        SettingLayer parameters = SettingLayer.configurationParameters(context::getConfigurationParameter);
        SettingLayer layers;
        try {
            layers = annotation
                    .map(ProjectConfiguration::annotationLayer)
                    .map(layer -> layer.orElse(parameters))
                    .orElse(parameters);
        } catch (SettingsException e) {
            throw new ExtensionConfigurationException("%s: %s".formatted(owner, e.getMessage()), e);
        }
        if (builderLayer.isPresent()) {
            layers = builderLayer.get().orElse(layers);
        }
        return SettingsResolver.resolve(owner, layers);
    }

    /** Every attribute the key table names, as written; defaults ({@code ""}, {@code {}}, {@code DEFAULT}) are unset. */
    private static SettingLayer annotationLayer(PgTrickleProject project) {
        Map<String, List<String>> values = new HashMap<>();
        Map<String, String> attributes = new HashMap<>();
        for (Setting setting : Setting.values()) {
            setting.attribute().ifPresent(attribute -> {
                values.put(setting.key(), written(project, attribute));
                attributes.put(setting.key(), attribute);
            });
        }
        List<String> server = written(project, SERVER);
        if (!server.isEmpty()) {
            List<String> text = values.getOrDefault(Setting.BACKEND.key(), List.of());
            if (!text.isEmpty() && !text.get(0).isBlank()) {
                throw new SettingsException(
                        "attribute '%s' (%s) and attribute 'backend' ('%s') both choose the backend"
                                .formatted(SERVER, project.server(), text.get(0)),
                        "set only one of them; server = Backend.%s is the typed form".formatted(project.server()));
            }
            values.put(Setting.BACKEND.key(), server);
            attributes.put(Setting.BACKEND.key(), SERVER);
        }
        return SettingLayer.explicit(values, key -> "attribute '%s'".formatted(attributes.get(key)));
    }

    /** An attribute's value as the settings model takes it: a list of strings, empty when left at its default. */
    private static List<String> written(PgTrickleProject project, String attribute) {
        Object value;
        try {
            value = PgTrickleProject.class.getMethod(attribute).invoke(project);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "@PgTrickleProject has no attribute '%s' of the key table".formatted(attribute), e);
        }
        if (value instanceof String[] array) {
            return List.of(array);
        }
        String text;
        if (value instanceof Toggle toggle) {
            text = toggle == Toggle.DEFAULT ? "" : Boolean.toString(toggle == Toggle.ENABLED);
        } else if (value instanceof Backend backend) {
            text = backend.kind()
                    .map(kind -> kind.name().toLowerCase(Locale.ROOT))
                    .orElse("");
        } else {
            text = value.toString();
        }
        return text.isBlank() ? List.of() : List.of(text);
    }
}
