package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunAction;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A model's run took a different action (created, altered, recreated, ...) than expected. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveRunAction extends BasicErrorMessageFactory {

    private ShouldHaveRunAction(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * The failure for {@code actual} not having taken {@code expected} (with {@code reason}, for {@link
     * RunAction#RECREATED}, when given).
     */
    public static ErrorMessageFactory shouldHaveRunAction(
            ModelRunResult actual, RunAction expected, Optional<RecreateReason> reason) {
        return new ShouldHaveRunAction(
                "%nExpecting model %s to have been run with action:%n  %s%nbut it was:%n  %s%s",
                unquotedString(actual.model()),
                unquotedString(describe(expected, reason)),
                unquotedString(describe(actual.action(), actual.recreateReason())),
                unquotedString(details(actual)));
    }

    static String describe(RunAction action, Optional<RecreateReason> reason) {
        return action
                + reason.filter(r -> action == RunAction.RECREATED)
                        .map(r -> " (" + r + ")")
                        .orElse("");
    }

    private static String details(ModelRunResult actual) {
        StringBuilder details = new StringBuilder();
        if (!actual.changedSettings().isEmpty()) {
            details.append("%nchanged settings: ".formatted())
                    .append(actual.changedSettings().entrySet().stream()
                            .map(e -> "%s %s -> %s"
                                    .formatted(
                                            e.getKey(),
                                            e.getValue().before(),
                                            e.getValue().after()))
                            .collect(Collectors.joining(", ")));
        }
        actual.errorMessage()
                .ifPresent(message -> details.append("%nerror: ".formatted()).append(message));
        return details.toString();
    }
}
