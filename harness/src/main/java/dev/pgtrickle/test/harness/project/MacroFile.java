package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;

/**
 * A file of Jinja macros: every {@code .sql} file under a macro path, plus {@code tests/generic/*.sql} (custom
 * generic tests written as {@code {% test name(model, column_name) %}} blocks).
 *
 * @param file the absolute path
 * @param originalFilePath the path relative to the project root, {@code /} separators
 * @param content the file content
 */
public record MacroFile(Path file, String originalFilePath, String content) {}
