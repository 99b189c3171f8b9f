package dev.pgtrickle.test.harness.upgrade;

/**
 * An expectation of an {@link UpgradeCheck} that did not hold.
 *
 * @param model the model it is about
 * @param message what was expected and what happened, and how to fix it
 */
public record ExpectationFailure(String model, String message) {}
