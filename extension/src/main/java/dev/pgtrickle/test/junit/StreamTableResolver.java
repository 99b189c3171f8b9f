package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Resolves {@link StreamTable} parameters qualified with {@link StreamTableName}. The name is checked against the
 * catalog now, so that a typo fails at the parameter, listing the stream tables the project has, rather than at the
 * first assertion.
 */
final class StreamTableResolver implements InjectableResolver {

    /**
     * Determine whether the parameter is a {@code StreamTable} or carries {@code @StreamTableName}; either without the
     * other is a mistake that {@link #resolve} reports.
     */
    @Override
    public boolean supports(ParameterContext parameter) {
        return parameter.getParameter().getType() == StreamTable.class || parameter.isAnnotated(StreamTableName.class);
    }

    @Override
    public Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project) {
        Optional<StreamTableName> qualifier = parameter.findAnnotation(StreamTableName.class);
        if (parameter.getParameter().getType() != StreamTable.class) {
            throw new ParameterResolutionException(
                    "@StreamTableName on %s: the parameter is a %s; declare it as dev.pgtrickle.test.harness.catalog.StreamTable"
                            .formatted(
                                    describe(parameter),
                                    parameter.getParameter().getType().getName()));
        }
        if (qualifier.isEmpty()) {
            throw new ParameterResolutionException(
                    "%s: a StreamTable parameter needs a name; annotate it with @StreamTableName(\"model_name\")"
                            .formatted(describe(parameter)));
        }
        String requested = qualifier.get().value().strip();
        // A model name maps to its stream table (stream_table_name / stream_table_schema); other names stay as given.
        String name = project.handle().streamTable(requested).displayName();
        List<String> existing = streamTables(project, parameter);
        List<String> matches = existing.stream()
                .filter(candidate -> name.contains(".") ? candidate.equals(name) : candidate.endsWith("." + name))
                .toList();
        if (matches.isEmpty()) {
            throw new ParameterResolutionException(
                    "@StreamTableName(\"%s\") on %s: no stream table '%s' in the project; its stream tables are: %s"
                            .formatted(
                                    requested,
                                    describe(parameter),
                                    requested,
                                    existing.isEmpty() ? "(none)" : String.join(", ", existing)));
        }
        if (matches.size() > 1) {
            throw new ParameterResolutionException(
                    "@StreamTableName(\"%s\") on %s: the name is ambiguous, it matches %s; qualify it as schema.name"
                            .formatted(requested, describe(parameter), String.join(", ", matches)));
        }
        return project.handle().streamTable(matches.get(0));
    }

    private static List<String> streamTables(ProjectResource project, ParameterContext parameter) {
        List<String> names = new ArrayList<>();
        try (Connection connection = project.handle().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT pgt_schema, pgt_name FROM pgtrickle.pgt_stream_tables ORDER BY pgt_schema, pgt_name")) {
            while (rows.next()) {
                names.add(rows.getString(1) + "." + rows.getString(2));
            }
        } catch (SQLException e) {
            throw new ParameterResolutionException(
                    "%s: cannot read the stream tables of the project: %s"
                            .formatted(describe(parameter), e.getMessage()),
                    e);
        }
        return names;
    }

    private static String describe(ParameterContext parameter) {
        return "parameter %d of %s.%s"
                .formatted(
                        parameter.getIndex(),
                        parameter.getDeclaringExecutable().getDeclaringClass().getName(),
                        parameter.getDeclaringExecutable().getName());
    }
}
