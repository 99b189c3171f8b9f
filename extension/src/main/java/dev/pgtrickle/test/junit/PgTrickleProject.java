package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run a dbt project on PostgreSQL 18 with pg_trickle for the annotated test class.
 *
 * <pre>{@code
 * @PgTrickleProject(path = "projects/order_totals")
 * class OrderTotalsTests {
 *     @Test
 *     void totalsArePopulated(@StreamTableName("order_totals") StreamTable orderTotals) { ... }
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * Before the first test of the class, the extension takes a server from the shared engine (one per JVM and backend
 * configuration), creates a database of the class's own, runs the setup scripts, loads the seeds, materializes the
 * selected models and waits until every selected stream table is populated. After the last test, also when tests
 * fail, everything the class created is dropped with its database. Classes running in parallel each have their own
 * database and do not interfere.
 *
 * <h2>Configuration</h2>
 *
 * Every attribute can also be set as a JUnit configuration parameter ({@code junit-platform.properties}) or a system
 * property under the key named in its documentation. Precedence is: annotation attribute, then configuration
 * parameter, then the built-in default. An empty string (or {@link Toggle#DEFAULT}) means "not set here". Settings are
 * validated before anything is created; a bad setting fails the class with an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} that names this annotation, the class and
 * the fix.
 *
 * <h2>Inheritance, {@code @Nested} classes and meta-annotations</h2>
 *
 * The annotation is {@link Inherited}: subclasses run the same project. A {@code @Nested} class without an annotation
 * of its own shares the enclosing class's project and database; a {@code @Nested} class with its own annotation gets
 * its own database (the closest annotation wins). The annotation can be used as a meta-annotation to compose a
 * team's own, e.g. {@code @OrdersPipelineTest}.
 *
 * @see StreamTableName
 * @see PgTrickleExtension
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(PgTrickleExtension.class)
public @interface PgTrickleProject {

    /**
     * The dbt project directory (the one holding {@code dbt_project.yml}), relative to the working directory or
     * absolute. Configuration parameter: {@value PgTrickleConfigurationKeys#PROJECT}.
     */
    String path() default "";

    /**
     * Where the server comes from, as text: {@code embedded}, {@code container}, {@code external} or {@code auto} (the
     * default: external settings if present, else Docker if available, else embedded). Configuration parameter:
     * {@value PgTrickleConfigurationKeys#BACKEND}. {@link #server()} is the same setting, typed; setting both is an
     * error. This attribute is kept (and not deprecated, so that builds with {@code -Werror} keep compiling) because it
     * is what {@code @PgTrickleProject(backend = "embedded")} has always written.
     */
    String backend() default "";

    /**
     * Where the server comes from, typed: {@link Backend#DEFAULT} (the default) leaves it to the configuration
     * parameter {@value PgTrickleConfigurationKeys#BACKEND}, as {@link Toggle#DEFAULT} does. The same setting as
     * {@link #backend()}; set one of them.
     *
     * @since 0.2.0
     */
    Backend server() default Backend.DEFAULT;

    /**
     * The container image for the {@code container} backend. Configuration parameter:
     * {@value PgTrickleConfigurationKeys#IMAGE}.
     */
    String image() default "";

    /**
     * The profile target to use (default: the profile's own default target). Configuration parameter:
     * {@value PgTrickleConfigurationKeys#TARGET}.
     */
    String target() default "";

    /**
     * Project variables as {@code "key=value"} strings, as with {@code dbt --vars}. Configuration parameter:
     * {@value PgTrickleConfigurationKeys#VARS} (comma-separated {@code key=value} pairs). Annotation values replace
     * the configuration parameter as a whole.
     */
    String[] vars() default {};

    /**
     * Which models to build, as a dbt node selector (default: all of them; every seed is loaded). Configuration
     * parameter:
     * {@value PgTrickleConfigurationKeys#SELECT}.
     */
    String select() default "";

    /**
     * Which models to leave out of the selection, as a dbt node selector. Configuration parameter:
     * {@value PgTrickleConfigurationKeys#EXCLUDE}.
     */
    String exclude() default "";

    /**
     * Whether the run is a full refresh (default: off). Configuration parameter:
     * {@value PgTrickleConfigurationKeys#FULL_REFRESH}.
     */
    Toggle fullRefresh() default Toggle.DEFAULT;

    /**
     * Whether the project's own dbt tests (schema and data tests) run before the first test, failing the class when
     * one fails (default: off). Configuration parameter: {@value PgTrickleConfigurationKeys#RUN_DBT_TESTS}.
     */
    Toggle runDbtTests() default Toggle.DEFAULT;

    /**
     * How long to wait for stream tables to be populated, e.g. {@code "60s"}, {@code "2m"}, {@code "500ms"} or an
     * ISO-8601 duration such as {@code "PT1M"} (default: 60 seconds). Configuration parameter:
     * {@value PgTrickleConfigurationKeys#AWAIT_TIMEOUT}.
     */
    String awaitTimeout() default "";

    /**
     * How a changed stream table query is applied when the model does not set {@code on_query_change}:
     * {@code recreate} (the default) or {@code replace}. Configuration parameter: {@code pgtrickle.on-query-change}.
     *
     * @since 0.2.0
     */
    String onQueryChange() default "";

    /**
     * How often the emulated pg_trickle scheduler refreshes due stream tables, written as {@link #awaitTimeout()}
     * (default: 200 ms; the real extension schedules itself). Configuration parameter:
     * {@code pgtrickle.scheduler-tick}.
     *
     * @since 0.2.0
     */
    String schedulerTick() default "";

    /**
     * SQL files run before the seeds are loaded, for source tables that are not seeds; relative to the project
     * directory or absolute. Configuration parameter: {@value PgTrickleConfigurationKeys#SETUP_SCRIPTS}
     * (comma-separated).
     */
    String[] setupScripts() default {};
}
