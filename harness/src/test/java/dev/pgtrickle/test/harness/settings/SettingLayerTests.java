package dev.pgtrickle.test.harness.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("settings layers: one spelling, deprecated aliases, origins")
class SettingLayerTests {

    private static SettingLayer parameters(Map<String, String> values) {
        return SettingLayer.configurationParameters(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    @DisplayName("a deprecated spelling still sets the setting and names where it was written")
    void deprecatedSpellingWorks() {
        SettingValue select = parameters(Map.of("pgtrickle.dbt.select", "order_totals+"))
                .get(Setting.SELECT)
                .orElseThrow();

        assertThat(select.text()).isEqualTo("order_totals+");
        assertThat(select.origin()).isEqualTo("configuration parameter 'pgtrickle.dbt.select'");
    }

    @Test
    @DisplayName("the new spelling wins over a deprecated one in the same layer, with a suffix too")
    void newSpellingWins() {
        SettingLayer layer = parameters(Map.of(
                "pgtrickle.select", "a",
                "pgtrickle.dbt.select", "b",
                "pgtrickle.dbt.setupScripts.shop", "old.sql"));

        assertThat(layer.get(Setting.SELECT).orElseThrow().text()).isEqualTo("a");
        assertThat(layer.get(Setting.SETUP_SCRIPTS, ".shop").orElseThrow().items())
                .containsExactly("old.sql");
    }

    @Test
    @DisplayName("a higher layer wins in any spelling; blank and empty count as unset")
    void precedence() {
        SettingLayer explicit = SettingLayer.explicit(
                Map.of(Setting.SELECT.key(), List.of(" "), Setting.VARS.key(), List.of("a=1", "b=2")),
                key -> "attribute '%s'".formatted(key));
        SettingLayer layers = explicit.orElse(parameters(Map.of("pgtrickle.dbt.select", "b")));

        assertThat(layers.get(Setting.SELECT).orElseThrow().origin())
                .isEqualTo("configuration parameter 'pgtrickle.dbt.select'");
        SettingValue vars = layers.get(Setting.VARS).orElseThrow();
        assertThat(vars.items()).containsExactly("a=1", "b=2");
        assertThat(vars.givenAsList()).isTrue();
    }

    @Test
    @DisplayName("typed readers name the value and its origin, as a ProjectException")
    void typedReaders() {
        SettingValue timeout = SettingValue.ofText("PT2M", "system property 'pgtrickle.await-timeout'");
        assertThat(timeout.asDuration("await timeout")).isEqualTo(Duration.ofMinutes(2));

        assertThatThrownBy(() -> SettingValue.ofText("yes", "option --keep").asBoolean())
                .isInstanceOf(ProjectException.class)
                .hasMessage("'yes' (option --keep) is not a boolean; write true or false");
        assertThatThrownBy(() -> SettingValue.ofText("0", "configuration parameter 'pgtrickle.dbt.failing-rows'")
                        .asPositiveInt())
                .isInstanceOf(SettingsException.class)
                .hasMessage("'0' (configuration parameter 'pgtrickle.dbt.failing-rows') is not a positive whole"
                        + " number; write a number such as 10");
    }

    @Test
    @DisplayName("a deprecated spelling warns once per JVM, naming the key to use")
    void deprecatedSpellingWarnsOnce() {
        assertThat(DeprecatedKeys.warnOnce("pgtrickle.dbt.example-only", "pgtrickle.example-only"))
                .isTrue();
        assertThat(DeprecatedKeys.warnOnce("pgtrickle.dbt.example-only", "pgtrickle.example-only"))
                .isFalse();
        assertThat(DeprecatedKeys.message("pgtrickle.dbt.fullRefresh", "pgtrickle.full-refresh"))
                .isEqualTo("pgtrickle-test: the setting 'pgtrickle.dbt.fullRefresh' is deprecated; use"
                        + " 'pgtrickle.full-refresh' instead");
    }

    @Test
    @DisplayName("keys follow one scheme: dotted lower case, words joined by dashes")
    void oneSpellingScheme() {
        for (Setting setting : Setting.values()) {
            assertThat(setting.key()).as(setting.name()).matches("pgtrickle(\\.[a-z]+(-[a-z]+)*)+");
        }
    }
}
