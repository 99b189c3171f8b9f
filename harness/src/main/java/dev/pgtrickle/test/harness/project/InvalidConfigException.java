package dev.pgtrickle.test.harness.project;

/**
 * A config value the user wrote cannot be used (a boolean config that is neither true nor false, a seed delimiter that
 * cannot separate fields). It stays an {@link IllegalArgumentException}, as it always was for callers of the public
 * methods that throw it, and is a {@link ProjectProblem}, so every entrance reports it as the project's fault.
 */
public class InvalidConfigException extends IllegalArgumentException implements ProjectProblem {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what is accepted */
    public InvalidConfigException(String message) {
        super(message);
    }
}
