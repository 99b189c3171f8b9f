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

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit Jupiter extension behind {@link PgTrickleProject}. Most tests use the annotation; this class is public so
 * that it can also be registered directly:
 *
 * <ul>
 *   <li>{@code @ExtendWith(PgTrickleExtension.class)}, configured by configuration parameters (see
 *       {@link PgTrickleConfigurationKeys}) or a {@code @PgTrickleProject} on the class;
 *   <li>{@code @RegisterExtension static PgTrickleExtension project = PgTrickleExtension.builder()...build();} for
 *       programmatic configuration. Builder values take precedence over the annotation and the configuration
 *       parameters. The field must be static: the project is built once per class.
 * </ul>
 *
 * <p>Parameters it resolves, by exact type: {@link PgTrickleProjectHandle}, {@code ProjectSession},
 * {@code RunResults} (the last run), {@link java.sql.Connection} (closed after the test), {@link javax.sql.DataSource},
 * {@code StreamTable} with {@link StreamTableName}, and {@code PgTrickleInfo}.
 *
 * @since 0.1.0
 */
public final class PgTrickleExtension implements BeforeAllCallback, ParameterResolver {

    private final Optional<SettingsLayer> builderLayer;
    private final List<InjectableResolver> resolvers = List.of(
            new ProjectHandleResolver(),
            new ProjectSessionResolver(),
            new RunResultsResolver(),
            new ConnectionResolver(),
            new DataSourceResolver(),
            new StreamTableResolver(),
            new PgTrickleInfoResolver());

    /** Create the extension configured by annotation and configuration parameters (used by {@code @ExtendWith}). */
    public PgTrickleExtension() {
        this(Optional.empty());
    }

    private PgTrickleExtension(Optional<SettingsLayer> builderLayer) {
        this.builderLayer = builderLayer;
    }

    /** Start configuring an extension for {@code @RegisterExtension}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolve and validate the class's settings, then create its database and build the project, unless the class is
     * a {@code @Nested} class without its own configuration, which shares its enclosing class's project.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (ProjectLookup.ownProject(context).isPresent()) {
            return; // registered twice (annotation and builder): the first registration built it
        }
        Class<?> testClass = context.getRequiredTestClass();
        boolean configuredHere = ProjectConfiguration.declaredOn(testClass) || registeredOn(testClass);
        if (!configuredHere && ProjectLookup.closestProject(context).isPresent()) {
            return;
        }
        PgTrickleSettings settings = ProjectConfiguration.resolve(context, builderLayer);
        ProjectResource project = ProjectResource.open(settings, this);
        // Kept in the store before building, so that a failed build still drops the database.
        ProjectLookup.keep(context, project);
        project.build();
    }

    /**
     * Determine whether this (builder-configured) instance is registered by a static field of {@code testClass} or its
     * superclasses, rather than inherited from an enclosing class: a {@code @Nested} class with its own
     * {@code @RegisterExtension} gets its own project, like one with its own annotation.
     */
    private boolean registeredOn(Class<?> testClass) {
        if (builderLayer.isEmpty()) {
            return false;
        }
        return ReflectionSupport.findFields(
                        testClass,
                        field -> ModifierSupport.isStatic(field)
                                && PgTrickleExtension.class.isAssignableFrom(field.getType()),
                        HierarchyTraversalMode.TOP_DOWN)
                .stream()
                .anyMatch(field -> ReflectionSupport.tryToReadFieldValue(field, null)
                        .toOptional()
                        .filter(value -> value == this)
                        .isPresent());
    }

    /** Determine whether one of the small resolvers handles the parameter, for a project this registration built. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        boolean builtByAnotherRegistration = ProjectLookup.closestProject(context)
                .map(project -> !project.createdBy(this))
                .orElse(false);
        return !builtByAnotherRegistration && resolvers.stream().anyMatch(resolver -> resolver.supports(parameter));
    }

    /** Resolve the parameter from the closest project of the class. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ProjectResource project = ProjectLookup.closestProject(context)
                .orElseThrow(() -> new ParameterResolutionException(
                        "no pgtrickle project is open for %s; parameters of constructors and of @BeforeAll methods in"
                                        .formatted(parameter.getDeclaringExecutable())
                                + " classes without @PgTrickleProject cannot be resolved"));
        InjectableResolver resolver = resolvers.stream()
                .filter(candidate -> candidate.supports(parameter))
                .findFirst()
                .orElseThrow();
        return resolver.resolve(parameter, context, project);
    }

    /**
     * Programmatic configuration for {@code @RegisterExtension}. Each method sets the setting of the same name in
     * {@link PgTrickleProject}; values are validated when the class starts, with the same messages.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final Map<String, String> scalars = new HashMap<>();
        private final Map<String, List<String>> lists = new HashMap<>();

        private Builder() {}

        /** The dbt project directory, relative to the working directory or absolute. */
        public Builder project(String path) {
            scalars.put(PROJECT, path);
            return this;
        }

        /** The backend: {@code embedded}, {@code container}, {@code external} or {@code auto}. */
        public Builder backend(String backend) {
            scalars.put(BACKEND, backend);
            return this;
        }

        /** The container image. */
        public Builder image(String image) {
            scalars.put(IMAGE, image);
            return this;
        }

        /** The profile target. */
        public Builder target(String target) {
            scalars.put(TARGET, target);
            return this;
        }

        /** Project variables as {@code "key=value"} strings. */
        public Builder vars(String... vars) {
            lists.put(VARS, List.of(vars));
            return this;
        }

        /** The dbt node selector of the models to build (every seed is loaded). */
        public Builder select(String selector) {
            scalars.put(SELECT, selector);
            return this;
        }

        /** The dbt node selector of the models to leave out. */
        public Builder exclude(String selector) {
            scalars.put(EXCLUDE, selector);
            return this;
        }

        /** Whether the run is a full refresh. */
        public Builder fullRefresh(boolean fullRefresh) {
            scalars.put(FULL_REFRESH, Boolean.toString(fullRefresh));
            return this;
        }

        /** Whether the project's dbt tests run before the first test. */
        public Builder runDbtTests(boolean runDbtTests) {
            scalars.put(RUN_DBT_TESTS, Boolean.toString(runDbtTests));
            return this;
        }

        /** How long to wait for stream tables, e.g. {@code "60s"}. */
        public Builder awaitTimeout(String timeout) {
            scalars.put(AWAIT_TIMEOUT, timeout);
            return this;
        }

        /** How long to wait for stream tables. */
        public Builder awaitTimeout(Duration timeout) {
            return awaitTimeout(timeout.toString());
        }

        /** SQL files run before the seeds, relative to the project directory or absolute. */
        public Builder setupScripts(String... scripts) {
            lists.put(SETUP_SCRIPTS, List.of(scripts));
            return this;
        }

        /** The configured extension. */
        public PgTrickleExtension build() {
            return new PgTrickleExtension(Optional.of(SettingsLayer.explicit(
                    scalars, lists, key -> "builder method %s(...)".formatted(builderMethod(key)))));
        }

        private static String builderMethod(String key) {
            return PROJECT.equals(key) ? "project" : ProjectConfiguration.ATTRIBUTE_NAMES.get(key);
        }
    }
}
