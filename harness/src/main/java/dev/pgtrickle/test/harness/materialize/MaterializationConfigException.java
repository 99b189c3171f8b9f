package dev.pgtrickle.test.harness.materialize;

/**
 * A model's materialization or one of its config values cannot be used. The message names the model, its file and the
 * setting, and says what is accepted. Raised before anything is sent to the database.
 */
public class MaterializationConfigException extends RuntimeException {

    public MaterializationConfigException(String message) {
        super(message);
    }
}
