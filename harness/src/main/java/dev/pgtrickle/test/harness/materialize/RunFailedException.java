package dev.pgtrickle.test.harness.materialize;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * Thrown by the run verbs of a project handle ({@code run()}, {@code fullRefresh()}, {@code build()}) when a model
 * failed: a failed model is a failed test step, not a result to be read later. The message lists each failed model
 * with its error and compiled SQL, and the models skipped because of them. It is an opentest4j
 * {@link AssertionFailedError} (actual: the failed models; expected: none), so test frameworks and IDEs report it as a
 * test failure.
 *
 * <p>A test that wants the results of a failing run asks for them explicitly, with the {@code ...AllowingFailures()}
 * verbs; {@link #results()} also has them.
 */
@API(status = STABLE, since = "0.1")
public final class RunFailedException extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    private final transient RunResults results;

    /**
     * @param verb the verb that ran, e.g. {@code run()}, for the message
     * @param results the results of the run; at least one model failed
     */
    public RunFailedException(String verb, RunResults results) {
        super(
                message(verb, results),
                List.of(),
                results.failures().stream().map(ModelRunResult::model).toList());
        this.results = results;
    }

    /** The results of the failed run, every model included. */
    public RunResults results() {
        return results;
    }

    /**
     * The results when no model failed.
     *
     * @param verb the verb that ran, e.g. {@code run()}, for the message
     * @throws RunFailedException when a model failed
     */
    public static RunResults requireNoFailures(String verb, RunResults results) {
        if (results.hasFailures()) {
            throw new RunFailedException(verb, results);
        }
        return results;
    }

    private static String message(String verb, RunResults results) {
        List<ModelRunResult> failures = results.failures();
        StringBuilder text = new StringBuilder("%s failed: %d of %d models failed"
                .formatted(verb, failures.size(), results.results().size()));
        for (ModelRunResult failure : failures) {
            text.append("%n%nmodel %s (%s %s):%n  %s"
                    .formatted(
                            failure.model(),
                            failure.materialization(),
                            failure.relation().qualifiedName(),
                            failure.errorMessage()
                                    .orElse("(no message)")
                                    .strip()
                                    .replaceAll("\\R", System.lineSeparator() + "  ")));
            if (!failure.compiledSql().isBlank()) {
                text.append("%n  compiled SQL:%n    %s"
                        .formatted(failure.compiledSql().strip().replaceAll("\\R", System.lineSeparator() + "    ")));
            }
        }
        List<String> skipped = results.withAction(RunAction.SKIPPED).stream()
                // Ephemeral models are always SKIPPED (inlined, nothing to build); the others were skipped for a
                // failure.
                .filter(result -> !Materialization.EPHEMERAL.matches(result.materialization()))
                .map(ModelRunResult::model)
                .toList();
        if (!skipped.isEmpty()) {
            text.append("%n%nnot built because of them: %s".formatted(String.join(", ", skipped)));
        }
        text.append(("%n%nTo look at the results of a failing run instead, call the verb's ...AllowingFailures() form"
                        + " (runAllowingFailures(), fullRefreshAllowingFailures(), buildAllowingFailures()).")
                .formatted());
        return text.toString();
    }
}
