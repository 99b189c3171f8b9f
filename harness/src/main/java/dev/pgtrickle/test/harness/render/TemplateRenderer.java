package dev.pgtrickle.test.harness.render;

import java.nio.file.Path;
import java.util.Map;

/** Renders templates with a compiled project's context (work in progress). */
interface TemplateRenderer {

    RenderedSql render(String template, Path file, Map<String, ?> extraContext);

    boolean hasMacro(String name);
}
