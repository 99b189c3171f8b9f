package dev.pgtrickle.test.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which whole-suite runs bring the configured dbt projects along. */
class FocusedRunTests {

    @Test
    void anUnfocusedRunIncludesTheProjects() {
        assertThat(ProjectDiscovery.runsConfiguredProjects(Optional.empty(), ""))
                .isTrue();
    }

    @Test
    void aFocusedSurefireRunLeavesThemOutUnlessAPatternNamesThem() {
        assertThat(ProjectDiscovery.runsConfiguredProjects(Optional.empty(), "OrderTotalsTests"))
                .isFalse();
        assertThat(ProjectDiscovery.runsConfiguredProjects(Optional.empty(), "DbtArtifactsTests#one"))
                .isFalse();
        assertThat(ProjectDiscovery.runsConfiguredProjects(Optional.empty(), "OrderTotalsTests, dbt.*"))
                .isTrue();
        assertThat(ProjectDiscovery.runsConfiguredProjects(Optional.empty(), "dbt.shop_analytics"))
                .isTrue();
    }

    @Test
    void theSettingDecidesEitherWay() {
        assertThat(ProjectDiscovery.runsConfiguredProjects(Optional.of(true), "OrderTotalsTests"))
                .isTrue();
        assertThat(ProjectDiscovery.runsConfiguredProjects(Optional.of(false), ""))
                .isFalse();
    }
}
