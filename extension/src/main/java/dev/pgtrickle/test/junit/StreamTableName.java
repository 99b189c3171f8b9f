package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Names the stream table a {@code StreamTable} parameter receives: the model name ({@code "order_totals"}) or a
 * schema-qualified name ({@code "analytics.order_totals"}) when two schemas hold a stream table of the same name.
 *
 * <pre>{@code
 * @Test
 * void populated(@StreamTableName("order_totals") StreamTable orderTotals) { ... }
 * }</pre>
 *
 * An unknown or ambiguous name fails the test with a
 * {@link org.junit.jupiter.api.extension.ParameterResolutionException} that lists the stream tables the project has.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface StreamTableName {

    /** The model name, or {@code schema.name}. */
    String value();
}
