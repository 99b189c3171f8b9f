package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.RelationValue;
import dev.pgtrickle.test.harness.render.RenderedSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What compiling a dbt test needs from the compiled project: resolving {@code ref()} and {@code source()}, and
 * rendering Jinja (singular tests and custom generic tests) with the full dbt context. Errors name the test's file.
 */
final class DbtTestContext {

    private final CompiledProject project;

    DbtTestContext(CompiledProject project) {
        this.project = project;
    }

    CompiledProject project() {
        return project;
    }

    /** What {@code ref(node)} stands for in a test: a model's or seed's relation, or an ephemeral model's CTE. */
    TestTarget ref(String node, Path file) {
        if (project.isEphemeral(node)) {
            return new TestTarget(
                    "__dbt__cte__" + node, project.ephemeralValue(node), Optional.empty(), Optional.of(node));
        }
        Relation relation = project.relation(node)
                .orElseThrow(() -> new DbtTestDefinitionException(
                        "%s: ref('%s') names no model or seed of project '%s'; check the name"
                                .formatted(file, node, project.project().name())));
        return target(relation);
    }

    /** What {@code source(sourceName, table)} stands for in a test. */
    TestTarget source(String sourceName, String table, Path file) {
        return target(project.project()
                .source(sourceName, table)
                .map(SourceTable::relation)
                .orElseThrow(() -> new DbtTestDefinitionException(
                        "%s: source('%s', '%s') is not declared in project '%s'; declare it under sources: in a property file"
                                .formatted(
                                        file,
                                        sourceName,
                                        table,
                                        project.project().name()))));
    }

    private TestTarget target(Relation relation) {
        return new TestTarget(relation.quoted(), relationValue(relation), Optional.of(relation), Optional.empty());
    }

    /** {@code sql} with the ephemeral models {@code names} inlined as CTEs, as dbt compiles a test that refs one. */
    String inline(String sql, Set<String> names) {
        return names.isEmpty() ? sql : project.inlineEphemeral(sql, names);
    }

    /** What {@code ref()} returns for {@code relation} in a template, for a generic test's {@code model}. */
    Object relationValue(Relation relation) {
        return RelationValue.of(project.options().target().database(), relation);
    }

    /** Runs {@code work} with {@code connection} bound for the templates it renders. */
    <T> T withDatabase(Connection connection, Supplier<T> work) {
        return project.withDatabase(connection, work);
    }

    String render(String template, Map<String, Object> variables, Path file, String packageName) {
        return renderWithConfig(template, variables, file, Set.of(), packageName)
                .sql();
    }

    /**
     * The rendered SQL with what the template's {@code config()} calls set, rendered as a node of {@code packageName}
     * (the test's); the ephemeral models {@code inlined} (which {@code variables} stand for) are inlined with those
     * the template refs.
     */
    RenderedSql renderWithConfig(
            String template, Map<String, Object> variables, Path file, Set<String> inlined, String packageName) {
        try {
            return project.render(template, file, variables, inlined, packageName);
        } catch (ProjectException e) {
            throw new DbtTestDefinitionException(e.getMessage(), e);
        }
    }
}
