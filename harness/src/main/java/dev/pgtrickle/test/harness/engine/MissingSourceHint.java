package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.settings.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model that fails because a declared source table does not exist gets a hint: pgtrickle-test never creates sources
 * (dbt does not either), and a new user's first run on a project whose sources the application owns ends exactly so.
 */
final class MissingSourceHint {

    private MissingSourceHint() {}

    static RunResults apply(RunResults run, List<SourceTable> sources, Path projectDir) {
        List<ModelRunResult> results = new ArrayList<>();
        for (ModelRunResult result : run.results()) {
            results.add(result.errorMessage()
                    .flatMap(error -> missingSource(error, sources))
                    .map(source -> result.withErrorHint(hint(source, projectDir)))
                    .orElse(result));
        }
        return new RunResults(results);
    }

    private static Optional<SourceTable> missingSource(String error, List<SourceTable> sources) {
        return sources.stream()
                .filter(source -> error.contains("relation \"%s\" does not exist"
                        .formatted(source.relation().qualifiedName())))
                .findFirst();
    }

    private static String hint(SourceTable source, Path projectDir) {
        Path file = source.file().isAbsolute() ? projectDir.relativize(source.file()) : source.file();
        return ("%s is the table of source('%s', '%s') (%s:%d), and pgtrickle-test does not create sources: create it"
                        + " in a setup script (%s FILE, @PgTrickleProject(%s = ...), %s.<project folder>) or load it"
                        + " as a seed")
                .formatted(
                        source.relation().qualifiedName(),
                        source.sourceName(),
                        source.tableName(),
                        file,
                        source.line(),
                        Setting.SETUP_SCRIPTS.cliOption().orElseThrow(),
                        Setting.SETUP_SCRIPTS.attribute().orElseThrow(),
                        Setting.SETUP_SCRIPTS.key());
    }
}
