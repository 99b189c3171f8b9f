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

    Relation ref(String node, Path file) {
        return project.relation(node)
                .orElseThrow(() -> new DbtTestDefinitionException(
                        "%s: ref('%s') names no model or seed of project '%s' that builds a relation (ephemeral models build none); check the name"
                                .formatted(file, node, project.project().name())));
    }

    Relation source(String sourceName, String table, Path file) {
        return project.project()
                .source(sourceName, table)
                .map(SourceTable::relation)
                .orElseThrow(() -> new DbtTestDefinitionException(
                        "%s: source('%s', '%s') is not declared in project '%s'; declare it under sources: in a property file"
                                .formatted(
                                        file,
                                        sourceName,
                                        table,
                                        project.project().name())));
    }

    /** What {@code ref()} returns for {@code relation} in a template, for a generic test's {@code model}. */
    Object relationValue(Relation relation) {
        return RelationValue.of(project.options().target().database(), relation);
    }

    /** Runs {@code work} with {@code connection} bound for the templates it renders. */
    <T> T withDatabase(Connection connection, Supplier<T> work) {
        return project.withDatabase(connection, work);
    }

    String render(String template, Map<String, Object> variables, Path file) {
        return renderWithConfig(template, variables, file).sql();
    }

    /** The rendered SQL with what the template's {@code config()} calls set. */
    RenderedSql renderWithConfig(String template, Map<String, Object> variables, Path file) {
        try {
            return project.render(template, file, variables);
        } catch (ProjectException e) {
            throw new DbtTestDefinitionException(e.getMessage(), e);
        }
    }
}
