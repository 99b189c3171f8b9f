package dev.pgtrickle.test.harness.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTests {

    @Test
    void laterLayersReplaceExceptTagsHooksAndMeta() {
        NodeConfig config = NodeConfig.of(Map.of("materialized", "table", "tags", "a", "+pre-hook", "select 1"))
                .merge(Map.of(
                        "materialized", "stream_table", "tags", List.of("b", "a"), "pre_hook", List.of("select 2")))
                .merge(Map.of("meta", Map.of("owner", "x")))
                .merge(Map.of("meta", Map.of("tier", 1)));
        assertThat(config.materialized()).isEqualTo("stream_table");
        assertThat(config.tags()).containsExactly("a", "b");
        assertThat(config.strings("pre-hook")).containsExactly("select 1", "select 2");
        assertThat(config.get("meta")).contains(Map.of("owner", "x", "tier", 1));
    }

    @Test
    void defaultsAndTypedGetters() {
        NodeConfig config = NodeConfig.of(Map.of("append_only", "TRUE", "initialize", false, "partition_by", 3));
        assertThat(config.materialized()).isEqualTo("view");
        assertThat(config.enabled()).isTrue();
        assertThat(config.bool("append_only")).contains(true);
        assertThat(config.bool("initialize")).contains(false);
        assertThat(config.string("partition_by")).contains("3");
        assertThat(config.bool("missing")).isEmpty();
        assertThatThrownBy(() -> NodeConfig.of(Map.of("enabled", "sometimes")).enabled())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config 'enabled' must be true or false, found 'sometimes'");
    }
}
