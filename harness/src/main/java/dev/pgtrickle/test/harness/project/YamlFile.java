package dev.pgtrickle.test.harness.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A parsed YAML file that remembers the line of every mapping and sequence, so later validation errors can point
 * at the entry at fault.
 */
final class YamlFile {

    private final Path file;
    private final Object root;
    private final Map<Object, Integer> lines;

    private YamlFile(Path file, Object root, Map<Object, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /** Parses {@code file}; a syntax error becomes a {@link ProjectException} with the line snakeyaml reports. */
    static YamlFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ProjectException("cannot read: %s".formatted(e.getMessage()), file, 0, e);
        }
        return parse(file, text);
    }

    static YamlFile parse(Path file, String text) {
        Map<Object, Integer> lines = new IdentityHashMap<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        SafeConstructor constructor = new SafeConstructor(options) {
            @Override
            protected Object constructObject(Node node) {
                Object value = super.constructObject(node);
                if (value instanceof Map<?, ?> || value instanceof List<?> || value instanceof String) {
                    lines.putIfAbsent(value, node.getStartMark().getLine() + 1);
                }
                return value;
            }
        };
        try {
            Object root = new Yaml(constructor).load(text);
            return new YamlFile(file, root, lines);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new ProjectException(
                    ("YAML syntax error: %s%s; check the indentation and quoting of this line and the lines just above it"
                                    + " (the parser notices a misplaced line only where it stops making sense)")
                            .formatted(problem, context),
                    file,
                    line,
                    e);
        } catch (YAMLException e) {
            throw new ProjectException("YAML error: %s".formatted(e.getMessage()), file, 0, e);
        }
    }

    Path file() {
        return file;
    }

    Object root() {
        return root;
    }

    /** The 1-based line where {@code mappingOrSequence} starts, 0 when unknown (e.g. for a scalar). */
    int lineOf(Object mappingOrSequence) {
        return mappingOrSequence == null ? 0 : lines.getOrDefault(mappingOrSequence, 0);
    }

    /** An error at {@code where}'s line in this file. */
    ProjectException error(Object where, String message) {
        return new ProjectException(message, file, lineOf(where), null);
    }
}
