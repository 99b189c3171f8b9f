package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.materialize.ModelRunResult.SettingChange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code stream_table} materialization will do to one stream table, decided from the model's settings and
 * the catalog row before anything is sent.
 *
 * @param action {@link RunAction#CREATED}, {@link RunAction#UNCHANGED}, {@link RunAction#ALTERED},
 *     {@link RunAction#RECREATED} or {@link RunAction#REPLACED}
 * @param reason why, for {@link RunAction#RECREATED}
 * @param alterArguments for ALTERED and REPLACED: {@code alter_stream_table} parameter name to SQL literal, only the
 *     settings that differ
 * @param changes the same settings as {@code [stored, wanted]} text, for the run result
 * @param notes what was adapted or could not be honoured
 */
record StreamTablePlan(
        RunAction action,
        Optional<RecreateReason> reason,
        Map<String, String> alterArguments,
        Map<String, SettingChange> changes,
        List<String> notes) {

    StreamTablePlan {
        alterArguments = Collections.unmodifiableMap(new LinkedHashMap<>(alterArguments));
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        notes = List.copyOf(notes);
    }
}
