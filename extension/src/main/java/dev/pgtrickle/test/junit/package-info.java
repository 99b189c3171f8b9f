/**
 * The JUnit Jupiter face of pgtrickle-test: {@link dev.pgtrickle.test.junit.PgTrickleProject} runs a dbt project
 * against a real PostgreSQL 18 database for a test class and injects what the tests need.
 *
 * <p>Only the annotations, the extension class (for {@code @ExtendWith} and {@code @RegisterExtension}) and the
 * project handle are public; everything else here is an implementation detail.
 */
package dev.pgtrickle.test.junit;
