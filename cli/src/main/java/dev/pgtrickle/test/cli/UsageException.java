package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.project.ProjectProblem;

/** The command line is wrong or names an unusable project: exit code 2, the message says what to fix. */
final class UsageException extends RuntimeException implements ProjectProblem {

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
