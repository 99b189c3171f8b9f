package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.ModelRunResult.SettingChange;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * What applying the current version did to one model.
 *
 * @param model the model name
 * @param materialization {@code stream_table}, {@code view}, {@code table}, {@code ephemeral}, ...
 * @param relation the relation it builds, {@code schema.name}
 * @param path the path taken
 * @param recreateReason why, for {@link UpgradePath#RECREATED}
 * @param changedSettings for {@link UpgradePath#ALTERED} (and a replaced query): setting to stored and new value
 * @param modifiedBecause why the model counts as modified against the baseline ({@link ModelChanges#reasons}); empty
 *     when it does not
 * @param contents for a stream table the upgrade left in place or built: whether its rows match its defining query
 * @param message the database's message for {@link UpgradePath#ERROR}, or a note (what stays behind for
 *     {@link UpgradePath#REMOVED})
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ModelUpgrade(
        String model,
        String materialization,
        String relation,
        UpgradePath path,
        Optional<RecreateReason> recreateReason,
        Map<String, SettingChange> changedSettings,
        List<String> modifiedBecause,
        Optional<ContentCheck> contents,
        Optional<String> message) {

    public ModelUpgrade {
        changedSettings = Collections.unmodifiableMap(new LinkedHashMap<>(changedSettings));
        modifiedBecause = List.copyOf(modifiedBecause);
    }

    /** Whether its stream table's contents were checked and differ (or could not be checked). */
    public boolean contentsWrong() {
        return contents.filter(check -> !check.matches()).isPresent();
    }

    /**
     * One line: {@code RECREATED (query_changed)}, {@code ALTERED schedule: 1m -> 2m}, then the contents check, e.g.
     * {@code ALTERED schedule: 1m -> 2m; contents match the defining query (4 rows)}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(path.name());
        if (path == UpgradePath.SKIPPED && Materialization.EPHEMERAL.matches(materialization)) {
            text.append(" (ephemeral: inlined into its consumers)");
        }
        recreateReason.ifPresent(reason ->
                text.append(" (").append(reason.name().toLowerCase(Locale.ROOT)).append(')'));
        if (!changedSettings.isEmpty()) {
            text.append(' ')
                    .append(changedSettings.entrySet().stream()
                            .map(entry -> "%s: %s -> %s"
                                    .formatted(
                                            entry.getKey(),
                                            entry.getValue().before(),
                                            entry.getValue().after()))
                            .collect(Collectors.joining(", ")));
        }
        contents.ifPresent(check -> text.append("; ").append(check.describe()));
        return text.toString();
    }
}
