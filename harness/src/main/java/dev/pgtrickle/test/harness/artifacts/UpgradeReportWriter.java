package dev.pgtrickle.test.harness.artifacts;

import dev.pgtrickle.test.harness.upgrade.ContentCheck;
import dev.pgtrickle.test.harness.upgrade.ExpectationFailure;
import dev.pgtrickle.test.harness.upgrade.ModelUpgrade;
import dev.pgtrickle.test.harness.upgrade.UpgradeReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link UpgradeReport} as {@code upgrade.json}, pgtrickle-test's own format (documented in
 * docs/upgrade-check.md): the project, the baseline, whether it passed, the failures, and one entry per model.
 */
public final class UpgradeReportWriter {

    private UpgradeReportWriter() {}

    /** Write {@code report} to {@code file}, replacing it in one step. */
    public static Path write(Path file, UpgradeReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generated_at", ArtifactFiles.timestamp(Instant.now()));
        json.put("project", report.project().toString());
        json.put("baseline", report.baseline());
        json.put("passed", report.passed());
        json.put("failures", report.failures());
        json.put("baseline_errors", report.baselineErrors());
        json.put("hook_errors", report.hookErrors());
        json.put(
                "expectation_failures",
                report.expectationFailures().stream()
                        .map(UpgradeReportWriter::failure)
                        .toList());
        json.put(
                "models",
                report.models().stream().map(UpgradeReportWriter::model).toList());
        return ArtifactFiles.writeAtomically(file, json);
    }

    private static Map<String, Object> failure(ExpectationFailure failure) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", failure.model());
        json.put("message", failure.message());
        return json;
    }

    private static Map<String, Object> model(ModelUpgrade upgrade) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", upgrade.model());
        json.put("materialization", upgrade.materialization());
        json.put("relation", upgrade.relation());
        json.put("path", upgrade.path().name());
        json.put(
                "recreate_reason",
                upgrade.recreateReason()
                        .map(reason -> reason.name().toLowerCase(Locale.ROOT))
                        .orElse(null));
        Map<String, Object> settings = new LinkedHashMap<>();
        upgrade.changedSettings().forEach((key, change) -> settings.put(key, List.of(change.before(), change.after())));
        json.put("changed_settings", settings);
        json.put("modified", upgrade.modifiedBecause());
        json.put(
                "contents",
                upgrade.contents().map(UpgradeReportWriter::contents).orElse(null));
        json.put("message", upgrade.message().orElse(null));
        return json;
    }

    private static Map<String, Object> contents(ContentCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("matches_defining_query", check.matches());
        json.put("matched_before_refresh", check.matchedBeforeRefresh());
        json.put("rows", check.rows());
        json.put("missing_rows", check.missing());
        json.put("unexpected_rows", check.unexpected());
        json.put("problem", check.problem().orElse(null));
        return json;
    }
}
