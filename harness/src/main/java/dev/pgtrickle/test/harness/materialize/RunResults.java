package dev.pgtrickle.test.harness.materialize;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** The results of one run, in execution order. */
public record RunResults(List<ModelRunResult> results) {

    public RunResults {
        results = List.copyOf(results);
    }

    /** The result for {@code model}; throws naming the models that ran when there is none. */
    public ModelRunResult result(String model) {
        return results.stream()
                .filter(result -> result.model().equals(model))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no run result for model '%s'; the run built: %s"
                        .formatted(
                                model,
                                results.stream().map(ModelRunResult::model).collect(Collectors.joining(", ")))));
    }

    /** Whether any model failed. */
    public boolean hasFailures() {
        return results.stream().anyMatch(ModelRunResult::failed);
    }
}
