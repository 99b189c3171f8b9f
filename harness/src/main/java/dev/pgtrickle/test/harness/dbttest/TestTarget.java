package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.Relation;
import java.util.Optional;

/**
 * A model, seed or source table as a dbt test's SQL names it: a relation, or (an ephemeral model, which builds none)
 * the CTE {@code __dbt__cte__<name>} that dbt inlines into the test.
 *
 * @param sql how it is written in SQL: the quoted relation, or the CTE's name
 * @param value what a template sees as {@code model} or as {@code ref()}'s answer
 * @param relation the relation it reads, when it builds one
 * @param ephemeral the ephemeral model's name, to inline as a CTE
 */
record TestTarget(String sql, Object value, Optional<Relation> relation, Optional<String> ephemeral) {}
