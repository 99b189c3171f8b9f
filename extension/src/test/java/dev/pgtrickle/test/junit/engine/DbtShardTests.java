package dev.pgtrickle.test.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;

import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingValue;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code pgtrickle.dbt.shard=i/n} splits a project's dbt tests over CI runners (discovery only: no database). */
class DbtShardTests {

    @Test
    void theSharesOfAProjectAreDisjointNearEqualAndCoverEveryTest() {
        List<String> all = discoveredTests(null);
        assertThat(all).hasSizeGreaterThanOrEqualTo(6);

        List<String> union = new ArrayList<>();
        for (int shard = 1; shard <= 4; shard++) {
            List<String> share = discoveredTests(shard + "/4");
            assertThat(share).as("shard %d/4", shard).hasSizeBetween(all.size() / 4, all.size() / 4 + 1);
            assertThat(union).as("shard %d/4 overlaps an earlier one", shard).doesNotContainAnyElementsOf(share);
            union.addAll(share);
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(all);
        assertThat(discoveredTests("2/4")).as("the same share every time").isEqualTo(discoveredTests("2/4"));
        assertThat(discoveredTests("1/1")).isEqualTo(all);
    }

    @Test
    void aValueThatIsNoShareNamesWhereItWasWrittenAndTheForm() {
        for (String bad : List.of("0/4", "5/4", "2", "a/b", "1/0")) {
            assertThatThrownBy(() -> DbtShard.parse(
                            SettingValue.ofText(bad, "configuration parameter '" + Setting.SHARD.key() + "'")))
                    .isInstanceOf(SettingsException.class)
                    .hasMessage(
                            "'%s' (configuration parameter 'pgtrickle.dbt.shard') is not a shard; write i/n with"
                                    + " 1 <= i <= n, e.g. pgtrickle.dbt.shard=2/4 on the second of four CI runners",
                            bad);
        }
        assertThat(DbtShard.parse(SettingValue.ofText(" 3 / 8 ", "test"))).isEqualTo(new DbtShard(3, 8));
    }

    /** The unique ids of the dbt tests discovered in shop_analytics under {@code shard} (none: no setting). */
    private static List<String> discoveredTests(String shard) {
        var kit = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .selectors(selectDirectory(ExampleProjects.SHOP_ANALYTICS.toFile()));
        if (shard != null) {
            kit = kit.configurationParameter(Setting.SHARD.key(), shard);
        }
        TestDescriptor engine = kit.discover().getEngineDescriptor();
        return engine.getDescendants().stream()
                .filter(TestDescriptor::isTest)
                .map(descriptor -> descriptor.getUniqueId().toString())
                .toList();
    }
}
