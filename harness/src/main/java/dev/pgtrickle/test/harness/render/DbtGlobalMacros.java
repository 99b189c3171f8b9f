package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.MacroFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * dbt's global macro library for PostgreSQL, as far as pgtrickle-test provides it (written for this project, see {@code
 * resources/.../render/dbt/}): loaded like a package called {@code dbt}, so {@code dbt.dateadd(...)} and plain {@code
 * dateadd(...)} both work and a project's {@code postgres__}/{@code default__} macro overrides one through {@code
 * adapter.dispatch}.
 */
final class DbtGlobalMacros {

    /** The namespace, as in dbt. */
    static final String PACKAGE = "dbt";

    private static final List<String> FILES = List.of("cross_database.sql", "hooks.sql");

    private static final List<MacroFile> LOADED = load();

    private DbtGlobalMacros() {}

    static List<MacroFile> files() {
        return LOADED;
    }

    private static List<MacroFile> load() {
        List<MacroFile> files = new ArrayList<>();
        for (String name : FILES) {
            try (InputStream in = DbtGlobalMacros.class.getResourceAsStream("dbt/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource dbt/" + name);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                files.add(new MacroFile(Path.of("<dbt global macros>", name), "dbt/" + name, text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(files);
    }
}
