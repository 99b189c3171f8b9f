/**
 * The JUnit Jupiter face of pgtrickle-test: {@link dev.pgtrickle.test.junit.PgTrickleProject} runs a dbt project
 * against a real PostgreSQL 18 database for a test class and injects what the tests need.
 *
 * <p>Public: the annotations ({@code PgTrickleProject}, {@code StreamTableName}), {@code Toggle}, the configuration
 * keys, the extension class (for {@code @ExtendWith} and {@code @RegisterExtension} with its builder), the project
 * handle, and {@code DbtTests}. The resolvers, settings resolution and the class-scoped project resource are
 * package-private implementation details.
 */
package dev.pgtrickle.test.junit;
