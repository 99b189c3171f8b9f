package dev.pgtrickle.test.harness.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Selection over this graph:
 *
 * <pre>
 * source raw.events ─► stg_events (view, staging/) ─► event_totals (stream_table, marts/, tag hourly)
 * seed raw_orders ───► stg_orders (view, staging/) ─► order_totals (stream_table, marts/, tags hourly,finance)
 *                                                  └► report (table, marts/)  ◄── order_totals
 * test not_null_order_totals_id ─► order_totals; singular test check_report ─► report
 * </pre>
 */
class NodeSelectorTests {

    private final ProjectGraph graph = graph();

    private static ProjectGraph graph() {
        List<GraphNode> nodes = new ArrayList<>();
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        nodes.add(node(
                "source.p.raw.events",
                "raw.events",
                ResourceType.SOURCE,
                "models/sources.yml",
                List.of("p", "raw", "events"),
                List.of(),
                ""));
        nodes.add(node(
                "seed.p.raw_orders",
                "raw_orders",
                ResourceType.SEED,
                "seeds/raw_orders.csv",
                List.of("p", "raw_orders"),
                List.of(),
                "seed"));
        nodes.add(model("stg_events", "staging", "view", List.of()));
        nodes.add(model("stg_orders", "staging", "view", List.of()));
        nodes.add(model("event_totals", "marts", "stream_table", List.of("hourly")));
        nodes.add(model("order_totals", "marts", "stream_table", List.of("hourly", "finance")));
        nodes.add(model("report", "marts", "table", List.of()));
        nodes.add(node(
                "test.p.not_null_order_totals_id",
                "not_null_order_totals_id",
                ResourceType.TEST,
                "models/marts/schema.yml",
                List.of("p", "not_null_order_totals_id"),
                List.of(),
                "generic"));
        nodes.add(node(
                "test.p.check_report",
                "check_report",
                ResourceType.TEST,
                "tests/check_report.sql",
                List.of("p", "check_report"),
                List.of(),
                "singular"));
        deps.put("model.p.stg_events", Set.of("source.p.raw.events"));
        deps.put("model.p.stg_orders", Set.of("seed.p.raw_orders"));
        deps.put("model.p.event_totals", Set.of("model.p.stg_events"));
        deps.put("model.p.order_totals", Set.of("model.p.stg_orders"));
        deps.put("model.p.report", Set.of("model.p.stg_orders", "model.p.order_totals"));
        deps.put("test.p.not_null_order_totals_id", Set.of("model.p.order_totals"));
        deps.put("test.p.check_report", Set.of("model.p.report"));
        return ProjectGraph.of(nodes, deps);
    }

    private static GraphNode model(String name, String folder, String materialized, List<String> tags) {
        return node(
                "model.p." + name,
                name,
                ResourceType.MODEL,
                "models/%s/%s.sql".formatted(folder, name),
                List.of("p", folder, name),
                tags,
                materialized);
    }

    private static GraphNode node(
            String id,
            String name,
            ResourceType type,
            String path,
            List<String> fqn,
            List<String> tags,
            String materialized) {
        return new GraphNode(id, name, type, path, fqn, tags, materialized);
    }

    private List<String> select(String select, String exclude) {
        return NodeSelector.select(graph, select, exclude).stream()
                .map(GraphNode::name)
                .toList();
    }

    @Test
    void topologicalOrderPutsParentsFirst() {
        List<String> order =
                graph.topologicalOrder().stream().map(GraphNode::name).toList();
        assertThat(order.indexOf("stg_orders")).isLessThan(order.indexOf("order_totals"));
        assertThat(order.indexOf("order_totals")).isLessThan(order.indexOf("report"));
        assertThat(order.indexOf("raw_orders")).isLessThan(order.indexOf("stg_orders"));
    }

    @Test
    void blankSelectsEverything() {
        assertThat(select("", "")).hasSize(9);
    }

    @Test
    void nameSelectsTheNodeAndItsTests() {
        assertThat(select("order_totals", "")).containsExactly("order_totals", "not_null_order_totals_id");
    }

    @Test
    void graphOperators() {
        assertThat(select("+order_totals", ""))
                .containsExactly("raw_orders", "stg_orders", "order_totals", "not_null_order_totals_id");
        assertThat(select("stg_orders+", ""))
                .containsExactly("stg_orders", "order_totals", "report", "not_null_order_totals_id", "check_report");
        // order_totals is selected, so its test comes along (dbt's eager indirect selection).
        assertThat(select("1+report", ""))
                .containsExactly("stg_orders", "order_totals", "report", "not_null_order_totals_id", "check_report");
        assertThat(select("stg_orders+1", ""))
                .containsExactly("stg_orders", "order_totals", "report", "not_null_order_totals_id", "check_report");
        assertThat(select("@stg_events", "")).containsExactly("raw.events", "stg_events", "event_totals");
    }

    @Test
    void methods() {
        assertThat(select("tag:finance", "")).containsExactly("order_totals", "not_null_order_totals_id");
        assertThat(select("path:models/staging", "")).containsExactly("stg_events", "stg_orders");
        assertThat(select("models/marts/report.sql", "")).containsExactly("report", "check_report");
        assertThat(select("config.materialized:stream_table", ""))
                .containsExactly("event_totals", "order_totals", "not_null_order_totals_id");
        assertThat(select("resource_type:seed", "")).containsExactly("raw_orders");
        assertThat(select("resource_type:test", "")).containsExactly("not_null_order_totals_id", "check_report");
        assertThat(select("test_type:singular", "")).containsExactly("check_report");
        assertThat(select("source:raw+", "")).containsExactly("raw.events", "stg_events", "event_totals");
        assertThat(select("fqn:p.marts", ""))
                .containsExactly("event_totals", "order_totals", "report", "not_null_order_totals_id", "check_report");
        assertThat(select("marts.*", ""))
                .containsExactly("event_totals", "order_totals", "report", "not_null_order_totals_id", "check_report");
        assertThat(select("stg_*", "")).containsExactly("stg_events", "stg_orders");
    }

    @Test
    void unionIntersectionAndExclude() {
        assertThat(select("stg_events report", "")).containsExactly("stg_events", "report", "check_report");
        assertThat(select("tag:hourly,config.materialized:stream_table,path:models/marts", "resource_type:test"))
                .containsExactly("event_totals", "order_totals");
        assertThat(select("tag:hourly", "order_totals")).containsExactly("event_totals");
        assertThat(select("resource_type:model", "config.materialized:view"))
                .containsExactly("event_totals", "order_totals", "report");
    }

    @Test
    void unknownMethodIsAClearError() {
        assertThatThrownBy(() -> select("owner:me", ""))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("unknown selector method 'owner'")
                .hasMessageContaining("config.<key>")
                .hasMessageContaining("tag, path");
        assertThatThrownBy(() -> select("resource_type:snapshots", ""))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("unknown resource_type 'snapshots'");
    }

    @Test
    void aSelectorMatchingNothingIsAnError() {
        assertThatThrownBy(() -> select("order_total", ""))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("selector 'order_total' matches no node")
                .hasMessageContaining("order_totals");
    }

    @Test
    void cycleIsReportedInDependencyOrder() {
        List<GraphNode> nodes = List.of(
                model("a", "x", "view", List.of()),
                model("b", "x", "view", List.of()),
                model("c", "x", "view", List.of()));
        Map<String, Set<String>> deps = Map.of(
                "model.p.a", Set.of("model.p.c"), "model.p.b", Set.of("model.p.a"), "model.p.c", Set.of("model.p.b"));
        assertThatThrownBy(() -> ProjectGraph.of(nodes, deps))
                .isInstanceOf(CycleException.class)
                .hasMessageContaining("dependency cycle: a -> b -> c -> a");
    }
}
