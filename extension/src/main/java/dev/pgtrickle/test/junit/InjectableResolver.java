package dev.pgtrickle.test.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/** Resolves one kind of parameter from the test class's project. One small implementation per injectable type. */
interface InjectableResolver {

    /** Determine whether this resolver handles the parameter (by exact type, or by qualifier annotation). */
    boolean supports(ParameterContext parameter);

    /** Resolve the parameter from {@code project}; {@code context} is the context asking (method or class). */
    Object resolve(ParameterContext parameter, ExtensionContext context, ProjectResource project);
}
