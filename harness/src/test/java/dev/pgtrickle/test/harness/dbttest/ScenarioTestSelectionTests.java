package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.engine.ProjectCompilation;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The YAML change scenarios of shop_analytics among its tests, compiled without a database: last, named after their
 * model, and selected with it.
 */
@DisplayName("change scenarios among a project's tests")
class ScenarioTestSelectionTests {

    private static final Path SHOP_ANALYTICS = Path.of("..", "examples", "projects", "shop_analytics");
    private static final String CUSTOMER_SCENARIO = "scenario customer_revenue: revenue_follows_orders";
    private static final String REGION_SCENARIO = "scenario region_revenue: a_new_customer_moves_the_region_totals";

    private static List<DbtTest> tests(String select, String exclude) {
        return ProjectCompilation.of(SessionOptions.builder(SHOP_ANALYTICS)
                        .server(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED))
                        .env(Map.of())
                        .select(select)
                        .exclude(exclude)
                        .build())
                .selectedTests();
    }

    @Test
    @DisplayName("every scenario comes after every other test, in property-file order, with its model attached")
    void lastInOrder() {
        List<DbtTest> tests = tests("", "");

        assertThat(tests.subList(tests.size() - 2, tests.size()))
                .extracting(DbtTest::name)
                .containsExactly(CUSTOMER_SCENARIO, REGION_SCENARIO);
        assertThat(tests.stream().filter(test -> test.kind() == DbtTestKind.SCENARIO))
                .hasSize(2)
                .allSatisfy(test -> assertThat(test.file()).endsWith(Path.of("models/marts/schema.yml")));
        assertThat(tests.get(tests.size() - 1).uniqueId())
                .isEqualTo("scenario.shop_analytics.region_revenue.a_new_customer_moves_the_region_totals");
        assertThat(tests.get(tests.size() - 1).nodeName()).contains("region_revenue");
    }

    @Test
    @DisplayName("a scenario goes with its model: --select brings it along, --exclude leaves it out")
    void selectedWithItsModel() {
        assertThat(tests("customer_revenue", ""))
                .extracting(DbtTest::name)
                .contains(CUSTOMER_SCENARIO)
                .doesNotContain(REGION_SCENARIO);
        assertThat(tests("", "region_revenue"))
                .extracting(DbtTest::name)
                .contains(CUSTOMER_SCENARIO)
                .doesNotContain(REGION_SCENARIO);
    }
}
