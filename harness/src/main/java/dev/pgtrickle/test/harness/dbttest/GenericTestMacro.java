package dev.pgtrickle.test.harness.dbttest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A custom generic test: a {@code {% test name(model, column_name, ...) %} ... {% endtest %}} block from a macro file
 * or {@code tests/generic/}.
 *
 * @param name the test's name
 * @param parameters its parameters in order, with the default expression where one is given
 * @param body the Jinja SQL between the tags
 * @param file where it is defined
 */
public record GenericTestMacro(String name, List<Parameter> parameters, String body, Path file) {

    public GenericTestMacro {
        parameters = List.copyOf(parameters);
    }

    /** Whether the macro has a parameter called {@code name}. */
    public boolean declares(String name) {
        return parameters.stream().anyMatch(parameter -> parameter.name().equals(name));
    }

    /** A macro parameter, with its default as a Jinja expression when it has one. */
    public record Parameter(String name, Optional<String> defaultExpression) {}
}
