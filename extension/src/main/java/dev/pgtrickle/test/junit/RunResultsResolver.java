package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.materialize.RunResults;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/** Resolves {@link RunResults} parameters with the results of the project's most recent run. */
final class RunResultsResolver implements InjectableResolver {

    @Override
    public boolean supports(ParameterContext parameter) {
        return parameter.getParameter().getType() == RunResults.class;
    }

    @Override
    public Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project) {
        return project.handle().requireLastRun();
    }
}
