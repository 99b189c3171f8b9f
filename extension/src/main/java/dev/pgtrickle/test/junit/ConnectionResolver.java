package dev.pgtrickle.test.junit;

import java.lang.reflect.Executable;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Resolves {@link Connection} parameters with a new connection to the class's database. The connection is kept in the
 * store of the context that asked for it, so it is closed when that test (or, for {@code @BeforeAll} methods, that
 * class) is done.
 */
final class ConnectionResolver implements InjectableResolver {

    /** One slot per parameter, so two connection parameters of one method get two connections. */
    private record ConnectionKey(Executable executable, int index) {}

    @Override
    public boolean supports(ParameterContext parameter) {
        return parameter.getParameter().getType() == Connection.class;
    }

    @Override
    public Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project) {
        try {
            Connection connection = project.handle().connect();
            context.getStore(ProjectLookup.NAMESPACE)
                    .put(new ConnectionKey(parameter.getDeclaringExecutable(), parameter.getIndex()), connection);
            return connection;
        } catch (SQLException e) {
            throw new ParameterResolutionException(
                    "cannot open a connection for parameter '%s' of %s: %s"
                            .formatted(
                                    parameter.getParameter().getName(),
                                    parameter.getDeclaringExecutable(),
                                    e.getMessage()),
                    e);
        }
    }
}
