package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.engine.SessionOptions;
import java.nio.file.Path;

/**
 * Everything one test class's project run needs, resolved and validated once from the builder, the annotation and the
 * configuration parameters.
 *
 * @param owner who configured it, for messages, e.g. {@code @PgTrickleProject on com.example.OrdersTests}
 * @param options the session's options (project folder, server, target, vars, selection, timeouts, setup scripts)
 * @param runDbtTests whether the project's dbt tests run before the first test
 */
record PgTrickleSettings(String owner, SessionOptions options, boolean runDbtTests) {

    /** The dbt project directory (absolute, holds {@code dbt_project.yml}). */
    Path projectDirectory() {
        return options.projectDir();
    }
}
