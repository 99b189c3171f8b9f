package dev.pgtrickle.test.junit;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/** Resolves {@link DataSource} parameters with an unpooled data source for the class's database. */
final class DataSourceResolver implements InjectableResolver {

    @Override
    public boolean supports(ParameterContext parameter) {
        return parameter.getParameter().getType() == DataSource.class;
    }

    @Override
    public Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project) {
        return project.handle().dataSource();
    }
}
