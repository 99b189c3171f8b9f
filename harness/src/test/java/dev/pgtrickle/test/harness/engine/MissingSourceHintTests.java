package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a model over a source nobody created")
class MissingSourceHintTests {

    private static final Path SHOP_ANALYTICS = Path.of("..", "examples", "projects", "shop_analytics");

    @TempDir
    Path temp;

    private SessionOptions.Builder options(Path project) {
        return SessionOptions.builder(project)
                .server(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED))
                .env(Map.of());
    }

    @Test
    @DisplayName("fails with the server's message and a hint naming the source, its file and line, and the fix")
    void missingSourceTable() {
        Path project = ProjectCopy.of(SHOP_ANALYTICS, temp.resolve("shop_analytics"));
        try (ProjectSession session = ProjectSession.open(options(project).build())) {
            session.seed();
            RunResults run = session.runAllowingFailures();

            assertThat(run.result("stg_orders").action()).isEqualTo(RunAction.ERROR);
            assertThat(run.result("stg_orders").errorMessage())
                    .get()
                    .asString()
                    .contains("relation \"shop.orders\" does not exist")
                    .contains("shop.orders is the table of source('shop', 'orders') (models/staging/sources.yml:7),"
                            + " and pgtrickle-test does not create sources: create it in a setup script"
                            + " (--setup-script FILE, @PgTrickleProject(setupScripts = ...),"
                            + " pgtrickle.setup-scripts.<project folder>) or load it as a seed");
        }
    }

    @Test
    @DisplayName("with the setup script the same project builds")
    void withTheSetupScript() {
        Path project = ProjectCopy.of(SHOP_ANALYTICS, temp.resolve("shop_analytics"));
        try (ProjectSession session = ProjectSession.open(options(project)
                .setupScripts(List.of(Path.of("setup/create_sources.sql")))
                .build())) {
            session.seed();
            assertThat(session.run().hasFailures()).isFalse();
        }
    }
}
