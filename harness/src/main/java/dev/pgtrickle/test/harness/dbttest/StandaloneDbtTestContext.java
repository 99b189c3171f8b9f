package dev.pgtrickle.test.harness.dbttest;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.pgtrickle.test.harness.project.Relation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A {@link DbtTestContext} that needs only the project's files: models and seeds live in one schema (the target's),
 * sources where their property file says; {@code ref()}, {@code source()} and {@code config()} calls written as
 * {@code {{ ... }}} expressions are substituted before the rest is rendered with jinjava. The engine's session uses its
 * full dbt renderer instead; this one serves tests and tools that have no session.
 */
public final class StandaloneDbtTestContext implements DbtTestContext {

    private static final Pattern REF =
            Pattern.compile("\\{\\{-?\\s*ref\\(\\s*(?:['\"][^'\"]+['\"]\\s*,\\s*)?['\"]([^'\"]+)['\"]\\s*\\)\\s*-?}}");
    private static final Pattern SOURCE =
            Pattern.compile("\\{\\{-?\\s*source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*-?}}");
    private static final Pattern CONFIG = Pattern.compile("\\{\\{-?\\s*config\\(.*?\\)\\s*-?}}", Pattern.DOTALL);

    private final DbtProjectLayout layout;
    private final String schema;
    private final Map<String, Relation> sources;
    private final Jinjava jinjava;

    /**
     * @param layout the project's folders
     * @param schema the schema models and seeds are built in
     */
    // The whitespace override is deprecated in jinjava but is the one that makes {{- and {%- work as in Jinja2.
    @SuppressWarnings("deprecation")
    public StandaloneDbtTestContext(DbtProjectLayout layout, String schema) {
        this.layout = layout;
        this.schema = schema;
        this.sources = readSources(layout, schema);
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withWhitespaceRequiredWithinTokens(false)
                        .build())
                .build());
    }

    @Override
    public Relation ref(String node, Path file) {
        List<String> paths = new ArrayList<>(layout.modelPaths());
        paths.addAll(layout.seedPaths());
        paths.addAll(layout.snapshotPaths());
        for (String path : paths) {
            Path dir = layout.root().resolve(path);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                boolean found = walk.map(p -> p.getFileName().toString())
                        .anyMatch(name -> name.equals(node + ".sql") || name.equals(node + ".csv"));
                if (found) {
                    return new Relation(schema, node);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        throw new DbtTestDefinitionException(
                "%s: ref('%s') names no model, seed or snapshot of the project; check the name".formatted(file, node));
    }

    @Override
    public Relation source(String sourceName, String table, Path file) {
        Relation relation = sources.get(sourceName + "." + table);
        if (relation == null) {
            throw new DbtTestDefinitionException("%s: source('%s', '%s') is not declared; the project declares: %s"
                    .formatted(file, sourceName, table, String.join(", ", sources.keySet())));
        }
        return relation;
    }

    @Override
    public String render(String template, Map<String, Object> variables, Path file) {
        String substituted =
                replace(REF, template, match -> ref(match.group(1), file).quoted());
        substituted = replace(SOURCE, substituted, match -> source(match.group(1), match.group(2), file)
                .quoted());
        substituted = CONFIG.matcher(substituted).replaceAll("");
        RenderResult result = jinjava.renderForResult(substituted, new HashMap<>(variables));
        List<TemplateError> errors = result.getErrors().stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!errors.isEmpty()) {
            throw new DbtTestDefinitionException("%s: %s"
                    .formatted(
                            file,
                            errors.stream()
                                    .map(error -> "line %d: %s".formatted(error.getLineno(), error.getMessage()))
                                    .collect(Collectors.joining("; "))));
        }
        return result.getOutput();
    }

    private static String replace(
            Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Map<String, Relation> readSources(DbtProjectLayout layout, String defaultSchema) {
        Map<String, Relation> sources = new java.util.TreeMap<>();
        for (String path : layout.modelPaths()) {
            Path dir = layout.root().resolve(path);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path file : walk.filter(p ->
                                p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .toList()) {
                    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
                    if (document instanceof Map<?, ?> map && map.get("sources") instanceof List<?> list) {
                        for (Object item : list) {
                            if (item instanceof Map<?, ?> source && source.get("tables") instanceof List<?> tables) {
                                String name = String.valueOf(source.get("name"));
                                String schema =
                                        String.valueOf(source.containsKey("schema") ? source.get("schema") : name);
                                for (Object tableItem : tables) {
                                    if (tableItem instanceof Map<?, ?> table) {
                                        String tableName = String.valueOf(table.get("name"));
                                        Object identifier = table.get("identifier");
                                        sources.put(
                                                name + "." + tableName,
                                                new Relation(
                                                        schema,
                                                        identifier == null ? tableName : String.valueOf(identifier)));
                                    }
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sources under " + dir, e);
            }
        }
        return sources;
    }
}
