package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.ProjectProblem;

/**
 * A model's materialization or one of its config values cannot be used. The message names the model, its file and the
 * setting, and says what is accepted. Raised before anything is sent to the database.
 */
public class MaterializationConfigException extends RuntimeException implements ProjectProblem {

    public MaterializationConfigException(String message) {
        super(message);
    }
}
