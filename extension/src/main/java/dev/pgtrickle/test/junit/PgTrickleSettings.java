package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.server.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one test class's project run needs, resolved and validated once from the annotation, the builder and the
 * configuration parameters.
 *
 * @param owner who configured it, for messages, e.g. {@code @PgTrickleProject on com.example.OrdersTests}
 * @param projectDirectory the dbt project directory (absolute, holds {@code dbt_project.yml})
 * @param server which server to run on
 * @param target the profile target, blank for the profile's default
 * @param vars project variables
 * @param select the dbt node selector of what to build, blank for everything
 * @param exclude the dbt node selector of what to leave out, blank for nothing
 * @param fullRefresh whether the run is a full refresh
 * @param runDbtTests whether the project's dbt tests run before the first test
 * @param awaitTimeout how long to wait for stream tables to be populated
 * @param setupScripts SQL files (absolute) run before the seeds
 */
record PgTrickleSettings(
        String owner,
        Path projectDirectory,
        ServerSettings server,
        String target,
        Map<String, String> vars,
        String select,
        String exclude,
        boolean fullRefresh,
        boolean runDbtTests,
        Duration awaitTimeout,
        List<Path> setupScripts) {

    /** How long to wait for stream tables when nothing says otherwise. */
    static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(60);

    PgTrickleSettings {
        vars = Map.copyOf(vars);
        setupScripts = List.copyOf(setupScripts);
    }
}
