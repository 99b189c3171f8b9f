package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * An expectation of an {@link UpgradeCheck} that did not hold.
 *
 * @param model the model it is about
 * @param message what was expected and what happened, and how to fix it
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ExpectationFailure(String model, String message) {}
