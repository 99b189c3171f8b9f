package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The outcome of an {@link UpgradeCheck}.
 *
 * @param project the current version's folder
 * @param baseline where the baseline came from ({@link Baseline#describe()})
 * @param models one entry per model of the current run and per removed model, in build order, removed ones last
 * @param baselineErrors why the baseline did not build (the check then stops before applying the current version)
 * @param expectationFailures the expectations ({@code --expect-recreate}, {@code --fail-on-recreate}) that failed
 * @param hookErrors the current version's {@code on-run-start}/{@code on-run-end} hooks that failed, each naming the
 *     hook, its file and the database's message (a baseline's failed hook is one of its {@code baselineErrors})
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UpgradeReport(
        Path project,
        String baseline,
        List<ModelUpgrade> models,
        List<String> baselineErrors,
        List<ExpectationFailure> expectationFailures,
        List<String> hookErrors) {

    public UpgradeReport {
        models = List.copyOf(models);
        baselineErrors = List.copyOf(baselineErrors);
        expectationFailures = List.copyOf(expectationFailures);
        hookErrors = List.copyOf(hookErrors);
    }

    /** The entry for {@code model}; throws naming the models when there is none. */
    public ModelUpgrade model(String model) {
        return models.stream()
                .filter(upgrade -> upgrade.model().equals(model))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no upgrade entry for model '%s'; the report has: %s"
                        .formatted(
                                model, models.stream().map(ModelUpgrade::model).collect(Collectors.joining(", ")))));
    }

    /** The models that took {@code path}, in report order. */
    public List<ModelUpgrade> withPath(UpgradePath path) {
        return models.stream().filter(upgrade -> upgrade.path() == path).toList();
    }

    /**
     * Everything that makes the check fail, one line each: the baseline did not build, a hook of the current version
     * failed, a model of the current version
     * failed, a stream table's contents differ from its query, an expectation failed.
     */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        baselineErrors.forEach(error -> failures.add("baseline: " + error));
        failures.addAll(hookErrors);
        for (ModelUpgrade upgrade : models) {
            if (upgrade.path() == UpgradePath.ERROR) {
                failures.add("model %s failed: %s"
                        .formatted(upgrade.model(), upgrade.message().orElse("")));
            } else if (upgrade.contentsWrong()) {
                failures.add("stream table %s: %s"
                        .formatted(
                                upgrade.relation(),
                                upgrade.contents().orElseThrow().describe()));
            }
        }
        expectationFailures.forEach(failure -> failures.add(failure.message()));
        return List.copyOf(failures);
    }

    /** Whether the check passed: no {@link #failures()}. */
    public boolean passed() {
        return failures().isEmpty();
    }
}
