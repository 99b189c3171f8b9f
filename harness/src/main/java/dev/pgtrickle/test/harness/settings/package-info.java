/**
 * The one settings model of every entrance: the key table ({@link dev.pgtrickle.test.harness.settings.Setting}),
 * layers of values that remember where they were written ({@link dev.pgtrickle.test.harness.settings.SettingLayer},
 * {@link dev.pgtrickle.test.harness.settings.SettingValue}) and the one exception a bad value raises
 * ({@link dev.pgtrickle.test.harness.settings.SettingsException}). The extension, the {@code pgtrickle-dbt} engine and
 * the command line only produce layers; the harness validates them.
 */
package dev.pgtrickle.test.harness.settings;
