package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.render.CompiledProject;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Compiles dbt tests with a session's compiled project: its relations, sources and full dbt renderer. */
final class SessionDbtTestContext implements DbtTestContext {

    private final CompiledProject project;

    SessionDbtTestContext(CompiledProject project) {
        this.project = project;
    }

    @Override
    public Relation ref(String node, Path file) {
        return project.relation(node)
                .orElseThrow(() -> new DbtTestDefinitionException(
                        "%s: ref('%s') names no model or seed of project '%s' that builds a relation (ephemeral models build none); check the name"
                                .formatted(file, node, project.project().name())));
    }

    @Override
    public Relation source(String sourceName, String table, Path file) {
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

    @Override
    public String render(String template, Map<String, Object> variables, Path file) {
        try {
            return project.render(template, file, variables).sql();
        } catch (ProjectException e) {
            throw new DbtTestDefinitionException(e.getMessage(), e);
        }
    }

    /** The names of the nodes the session's selection picks. */
    static Set<String> selectedNodes(ProjectSession session) {
        Set<String> names = new LinkedHashSet<>();
        for (GraphNode node : session.compiledProject()
                .select(session.options().select(), session.options().exclude())) {
            names.add(node.name());
        }
        return names;
    }
}
