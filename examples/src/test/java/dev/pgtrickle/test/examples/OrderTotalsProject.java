package dev.pgtrickle.test.examples;

import dev.pgtrickle.test.junit.PgTrickleProject;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

// tag::meta_annotation[]
/** The order-totals project, as one annotation every example class can carry. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@PgTrickleProject(path = "projects/order_totals")
public @interface OrderTotalsProject {}
// end::meta_annotation[]
