package dev.pgtrickle.test.harness.settings;

import dev.pgtrickle.test.harness.project.ProjectException;

/**
 * A setting has a value the harness cannot use. The message names the value, where it was written (attribute,
 * builder method, configuration parameter, option) and how to fix it; each entrance only prefixes who configured it.
 */
public class SettingsException extends ProjectException {

    private static final long serialVersionUID = 1L;

    /** A problem and its fix, joined as {@code problem; fix}. */
    public SettingsException(String problem, String fix) {
        super("%s; %s".formatted(problem, fix));
    }

    /** A message that already says what to do, e.g. one from {@code BackendKind.parse}. */
    public SettingsException(String message, Throwable cause) {
        super(message, null, 0, cause);
    }
}
