package dev.pgtrickle.test.harness.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The materializations pgtrickle-test builds, by their dbt names. */
class MaterializationTests {

    @Test
    @DisplayName("dbt names are exact; anything else is refused naming the owner and what is built")
    void dbtNames() {
        assertThat(Materialization.parse("stream_table", "model 'x'")).isEqualTo(Materialization.STREAM_TABLE);
        assertThat(Materialization.EPHEMERAL.matches("ephemeral")).isTrue();
        assertThat(Materialization.find("View")).isEmpty();
        assertThatThrownBy(() -> Materialization.parse("snapshotty", "model 'x' (models/x.sql)"))
                .isInstanceOf(MaterializationConfigException.class)
                .hasMessage("model 'x' (models/x.sql): unknown materialization 'snapshotty'; pgtrickle-test builds"
                        + " stream_table, view, table, ephemeral, incremental, materialized_view, snapshot (set materialized in the model's config()"
                        + " or under models: in dbt_project.yml)");
    }
}
