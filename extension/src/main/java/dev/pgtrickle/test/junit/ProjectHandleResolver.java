package dev.pgtrickle.test.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/** Resolves {@link PgTrickleProjectHandle} parameters with the class's project. */
final class ProjectHandleResolver implements InjectableResolver {

    @Override
    public boolean supports(ParameterContext parameter) {
        return parameter.getParameter().getType() == PgTrickleProjectHandle.class;
    }

    @Override
    public Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project) {
        return project.handle();
    }
}
