package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders for models and server descriptions in unit tests. */
final class Models {

    static final PgTrickleInfo ERA_B = new PgTrickleInfo("0.67.0", true, true, true, true, false, "AUTO", true);
    static final PgTrickleInfo ERA_A =
            new PgTrickleInfo("0.1.3", false, false, false, false, true, "DIFFERENTIAL", false);

    private Models() {}

    static ModelToBuild streamTable(String name, String sql, Map<String, Object> config) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("materialized", "stream_table");
        all.putAll(config);
        return new ModelToBuild(
                name,
                Path.of("models", name + ".sql"),
                new Relation("public", name),
                "stream_table",
                sql,
                all,
                List.of(),
                List.of(),
                Set.of());
    }

    static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }
}
