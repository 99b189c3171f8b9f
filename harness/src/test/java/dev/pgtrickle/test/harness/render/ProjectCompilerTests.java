package dev.pgtrickle.test.harness.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectCompilerTests {

    static final Path ORDER_TOTALS = Path.of("../examples/projects/order_totals");

    @TempDir
    Path out;

    @Test
    void writesCompiledSqlLikeDbtTargetCompiled() throws Exception {
        CompiledProject compiled = ProjectCompiler.compile(
                ProjectLoader.load(ORDER_TOTALS, new LoadOptions(Map.of())),
                CompileOptions.defaults().withEnv(Map.of()));
        Path file = out.resolve("pgtrickle_integration_tests/models/marts/order_totals.sql");
        assertThat(compiled.writeCompiledSql(out)).containsExactly(file);
        assertThat(Files.readString(file))
                .isEqualTo(compiled.model("order_totals").compiledSql());
    }

    @Test
    void compilesTheIntegrationProject() {
        DbtProject project = ProjectLoader.load(ORDER_TOTALS, new LoadOptions(Map.of()));
        CompiledProject compiled =
                ProjectCompiler.compile(project, CompileOptions.defaults().withEnv(Map.of()));

        CompiledModel model = compiled.model("order_totals");
        assertThat(model.relation()).isEqualTo(new Relation("public", "order_totals"));
        assertThat(model.materialization()).isEqualTo("stream_table");
        assertThat(model.config().string("schedule")).contains("1m");
        assertThat(model.config().string("refresh_mode")).contains("DIFFERENTIAL");
        assertThat(model.compiledSql())
                .isEqualTo(
                        """


                        SELECT
                            customer_id,
                            SUM(amount) AS total_amount,
                            COUNT(*) AS order_count
                        FROM "public"."raw_orders"
                        GROUP BY customer_id""");
        assertThat(model.dependsOn().seeds()).containsExactly("seed.pgtrickle_integration_tests.raw_orders");
        assertThat(compiled.relation("raw_orders")).contains(new Relation("public", "raw_orders"));
        assertThat(compiled.graph().topologicalOrder().get(0).name()).isEqualTo("raw_orders");
        assertThat(compiled.render(project.singularTests().get(1)).sql())
                .contains("FROM \"public\".\"raw_orders\"")
                .contains("LEFT JOIN \"public\".\"order_totals\" a");
    }
}
