package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/**
 * Resolves {@link ProjectSession} parameters with the engine session behind the class's project, for code that works
 * on the engine directly (e.g. {@link DbtTests#of(ProjectSession)}). The extension closes it after the class; tests must
 * not.
 */
final class ProjectSessionResolver implements InjectableResolver {

    @Override
    public boolean supports(ParameterContext parameter) {
        return parameter.getParameter().getType() == ProjectSession.class;
    }

    @Override
    public Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project) {
        return project.session();
    }
}
