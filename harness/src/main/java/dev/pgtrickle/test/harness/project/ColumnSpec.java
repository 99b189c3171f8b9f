package dev.pgtrickle.test.harness.project;

import java.util.Optional;

/**
 * A column declared in a property file.
 *
 * @param name the column name as written
 * @param description its description, empty when none
 * @param dataType its {@code data_type}, when declared
 */
public record ColumnSpec(String name, String description, Optional<String> dataType) {}
