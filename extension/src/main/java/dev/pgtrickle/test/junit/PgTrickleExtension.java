package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.junit.engine.DbtReportKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
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
@API(status = STABLE, since = "0.1")
public final class PgTrickleExtension implements BeforeAllCallback, ParameterResolver {

    private final Optional<SettingLayer> builderLayer;
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

    private PgTrickleExtension(Optional<SettingLayer> builderLayer) {
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
        // Say which pg_trickle the tests run against: on the embedded backend it is the emulation.
        context.publishReportEntry(
                DbtReportKeys.BACKEND_LINE, project.session().database().backendLine());
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

        private final Map<String, List<String>> values = new HashMap<>();
        private final Map<String, String> methods = new HashMap<>();

        private Builder() {}

        /** The dbt project directory, relative to the working directory or absolute. */
        public Builder project(String path) {
            return set(Setting.PROJECT, "project", path);
        }

        /** The backend: {@code embedded}, {@code container}, {@code external} or {@code auto}. */
        public Builder backend(String backend) {
            return set(Setting.BACKEND, "backend", backend);
        }

        /**
         * The backend, typed.
         *
         * @since 0.2.0
         */
        public Builder backend(BackendKind backend) {
            return backend(backend.name().toLowerCase(Locale.ROOT));
        }

        /** The container image. */
        public Builder image(String image) {
            return set(Setting.IMAGE, "image", image);
        }

        /** The profile target. */
        public Builder target(String target) {
            return set(Setting.TARGET, "target", target);
        }

        /** Project variables as {@code "key=value"} strings. */
        public Builder vars(String... vars) {
            return set(Setting.VARS, "vars", vars);
        }

        /** The dbt node selector of the models to build (every seed is loaded). */
        public Builder select(String selector) {
            return set(Setting.SELECT, "select", selector);
        }

        /** The dbt node selector of the models to leave out. */
        public Builder exclude(String selector) {
            return set(Setting.EXCLUDE, "exclude", selector);
        }

        /** Whether the run is a full refresh. */
        public Builder fullRefresh(boolean fullRefresh) {
            return set(Setting.FULL_REFRESH, "fullRefresh", Boolean.toString(fullRefresh));
        }

        /** Whether the project's dbt tests run before the first test. */
        public Builder runDbtTests(boolean runDbtTests) {
            return set(Setting.RUN_DBT_TESTS, "runDbtTests", Boolean.toString(runDbtTests));
        }

        /** How long to wait for stream tables, e.g. {@code "60s"}. */
        public Builder awaitTimeout(String timeout) {
            return set(Setting.AWAIT_TIMEOUT, "awaitTimeout", timeout);
        }

        /** How long to wait for stream tables. */
        public Builder awaitTimeout(Duration timeout) {
            return awaitTimeout(timeout.toString());
        }

        /**
         * How a changed stream table query is applied when the model does not say: {@code "recreate"} or
         * {@code "replace"}.
         *
         * @since 0.2.0
         */
        public Builder onQueryChange(String strategy) {
            return set(Setting.ON_QUERY_CHANGE, "onQueryChange", strategy);
        }

        /**
         * How often the emulated scheduler ticks, e.g. {@code "100ms"}.
         *
         * @since 0.2.0
         */
        public Builder schedulerTick(String tick) {
            return set(Setting.SCHEDULER_TICK, "schedulerTick", tick);
        }

        /** SQL files run before the seeds, relative to the project directory or absolute. */
        public Builder setupScripts(String... scripts) {
            return set(Setting.SETUP_SCRIPTS, "setupScripts", scripts);
        }

        /** The configured extension. */
        public PgTrickleExtension build() {
            return new PgTrickleExtension(Optional.of(
                    SettingLayer.explicit(values, key -> "builder method %s(...)".formatted(methods.get(key)))));
        }

        /** Records a value and the method that set it, so that a complaint about it names the method. */
        private Builder set(Setting setting, String method, String... value) {
            values.put(setting.key(), List.of(value));
            methods.put(setting.key(), method);
            return this;
        }
    }
}
