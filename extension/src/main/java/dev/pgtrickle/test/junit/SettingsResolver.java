package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import dev.pgtrickle.test.harness.settings.SettingValue;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Turns layered settings into one validated {@link PgTrickleSettings} through the harness's one validation
 * ({@link SessionOptions#resolve}), touching nothing but the file system: a bad setting fails here, before any
 * database is created, as an {@link ExtensionConfigurationException} that names who configured it.
 */
final class SettingsResolver {

    private SettingsResolver() {}

    /**
     * @param owner who configured the project, e.g. {@code @PgTrickleProject on com.example.OrdersTests}
     * @param layers the settings, highest precedence first
     */
    static PgTrickleSettings resolve(String owner, SettingLayer layers) {
        try {
            return new PgTrickleSettings(
                    owner,
                    SessionOptions.resolve(layers, Path.of("")),
                    layers.get(Setting.RUN_DBT_TESTS)
                            .map(SettingValue::asBoolean)
                            .orElse(false));
        } catch (SettingsException e) {
            throw new ExtensionConfigurationException("%s: %s".formatted(owner, e.getMessage()), e);
        }
    }
}
