package dev.pgtrickle.test.harness.materialize;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The results of one run, in execution order.
 *
 * @param results each model's result
 * @param hooks the project's {@code on-run-start} hooks (before the models) and {@code on-run-end} hooks (after them)
 *     that the run ran, as dbt lists them among its run results; empty for a run without hooks
 */
@API(status = STABLE, since = "0.1")
public record RunResults(List<ModelRunResult> results, List<HookResult> hooks) {

    public RunResults {
        results = List.copyOf(results);
        hooks = List.copyOf(hooks);
    }

    /** The results of a run that ran no hooks. */
    public RunResults(List<ModelRunResult> results) {
        this(results, List.of());
    }

    /** These model results with the hooks that ran around them. */
    public RunResults withHooks(List<HookResult> hooks) {
        return new RunResults(results, hooks);
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

    /** The models that ended in {@link RunAction#ERROR}, in execution order. */
    public List<ModelRunResult> failures() {
        return withAction(RunAction.ERROR);
    }

    /** The results whose action is {@code action}, in execution order. */
    public List<ModelRunResult> withAction(RunAction action) {
        return results.stream().filter(result -> result.action() == action).toList();
    }

    /** Model name to action, in execution order: a compact view for assertions and logs. */
    public Map<String, RunAction> actions() {
        Map<String, RunAction> actions = new LinkedHashMap<>();
        results.forEach(result -> actions.put(result.model(), result.action()));
        return Collections.unmodifiableMap(actions);
    }
}
