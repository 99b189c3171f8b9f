package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/** Resolves {@link PgTrickleInfo} parameters: real or emulated pg_trickle, its version and capabilities. */
final class PgTrickleInfoResolver implements InjectableResolver {

    @Override
    public boolean supports(ParameterContext parameter) {
        return parameter.getParameter().getType() == PgTrickleInfo.class;
    }

    @Override
    public Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project) {
        return project.handle().pgTrickle();
    }
}
