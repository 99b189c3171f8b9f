package dev.pgtrickle.test.harness.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@code unit_tests:} entries of a property file as dbt 1.8+ defines them. What is wrong with one entry (no
 * {@code model:}, rows that do not match their {@code format:}, a fixture file that is missing or malformed) does not
 * stop the project: the entry becomes a unit test carrying the problem, which fails when it runs, naming the file,
 * line and entry, while the other tests run.
 */
final class UnitTestParser {

    private static final Set<String> KEYS =
            Set.of("name", "model", "description", "given", "expect", "overrides", "config", "versions");

    private final String projectName;
    private final Function<String, Optional<Path>> fixtures;
    private final Function<Path, List<String>> fqnFolders;
    private final Function<String, Optional<Path>> seedFiles;

    /**
     * @param projectName the project's name, for unique ids and fqns
     * @param fixtures a fixture file by name (its file name without extension), from the test paths' {@code fixtures}
     *     folders
     * @param fqnFolders the folders of a property file under its resource path, for the fqn
     * @param seedFiles a seed's CSV file by seed name: a {@code dict} input of a seed without {@code rows:} has the
     *     seed's own rows, as in dbt
     */
    UnitTestParser(
            String projectName,
            Function<String, Optional<Path>> fixtures,
            Function<Path, List<String>> fqnFolders,
            Function<String, Optional<Path>> seedFiles) {
        this.projectName = projectName;
        this.fixtures = fixtures;
        this.fqnFolders = fqnFolders;
        this.seedFiles = seedFiles;
    }

    private static final java.util.regex.Pattern SEED_REF =
            java.util.regex.Pattern.compile("ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");

    /** Every entry of {@code block} (the value of {@code unit_tests:}). */
    List<UnitTestNode> parse(YamlFile yaml, Object block) {
        if (block == null) {
            return List.of();
        }
        if (!(block instanceof List<?> entries)) {
            throw yaml.error(block, "'unit_tests:' must be a list of entries starting with '- name:'");
        }
        List<UnitTestNode> tests = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object item = entries.get(i);
            int line = yaml.lineOf(item) > 0 ? yaml.lineOf(item) : yaml.lineOf(entries);
            if (!(item instanceof Map<?, ?> entry)) {
                throw yaml.error(
                        entries,
                        "every entry of 'unit_tests:' must be a mapping with 'name:', 'model:', 'given:' and 'expect:', found '%s'"
                                .formatted(item));
            }
            tests.add(parseEntry(yaml, entry, line, i + 1));
        }
        return tests;
    }

    private UnitTestNode parseEntry(YamlFile yaml, Map<?, ?> entry, int line, int position) {
        String name = text(entry.get("name")).orElse("unit_tests[%d]".formatted(position));
        String model = text(entry.get("model")).orElse("");
        List<String> fqn = new ArrayList<>();
        fqn.add(projectName);
        fqn.addAll(fqnFolders.apply(yaml.file()));
        fqn.add(model);
        fqn.add(name);
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> macros = new LinkedHashMap<>();
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, String> envVars = new LinkedHashMap<>();
        List<UnitTestFixture> given = new ArrayList<>();
        Optional<UnitTestFixture> expect = Optional.empty();
        String problem = null;
        try {
            if (entry.get("name") == null) {
                throw problem("unit test entry %d has no 'name:'; add one".formatted(position));
            }
            if (model.isBlank()) {
                throw problem("unit test '%s' has no 'model:'; name the model it tests".formatted(name));
            }
            for (Object key : entry.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    throw problem("unit test '%s' has an unknown key '%s'; dbt accepts %s"
                            .formatted(name, key, KEYS.stream().sorted().toList()));
                }
            }
            mapping(entry.get("config"), name, "config").forEach((k, v) -> config.put(NodeConfig.normalizeKey(k), v));
            Map<String, Object> overrides = mapping(entry.get("overrides"), name, "overrides");
            for (String key : overrides.keySet()) {
                if (!Set.of("macros", "vars", "env_vars").contains(key)) {
                    throw problem(
                            "unit test '%s': 'overrides:' has an unknown key '%s'; dbt accepts macros, vars and env_vars"
                                    .formatted(name, key));
                }
            }
            macros.putAll(mapping(overrides.get("macros"), name, "overrides: macros"));
            vars.putAll(mapping(overrides.get("vars"), name, "overrides: vars"));
            mapping(overrides.get("env_vars"), name, "overrides: env_vars")
                    .forEach((k, v) -> envVars.put(k, v == null ? "" : String.valueOf(v)));
            if (!(entry.get("given") instanceof List<?> inputs)) {
                throw problem(
                        "unit test '%s' needs 'given:', a list of inputs ('- input: ref(...)' with 'rows:'); use 'given: []' for a model without inputs"
                                .formatted(name));
            }
            for (Object input : inputs) {
                if (!(input instanceof Map<?, ?> map) || map.get("input") == null) {
                    throw problem(
                            "unit test '%s': every entry of 'given:' needs 'input:' (ref('model'), source('source', 'table') or this), found '%s'"
                                    .formatted(name, input));
                }
                given.add(fixture(
                        yaml, map, name, String.valueOf(map.get("input")).strip(), line));
            }
            if (!(entry.get("expect") instanceof Map<?, ?> expected)) {
                throw problem(
                        "unit test '%s' needs 'expect:' with the rows the model should give ('rows:')".formatted(name));
            }
            expect = Optional.of(fixture(yaml, expected, name, "", line));
        } catch (ProjectException e) {
            problem = e.getMessage();
        } catch (EntryProblem e) {
            problem = ProjectException.located(e.getMessage(), yaml.file(), line);
        }
        return new UnitTestNode(
                name,
                model,
                "unit_test.%s.%s.%s".formatted(projectName, model, name),
                yaml.file(),
                line,
                text(entry.get("description")).orElse(""),
                given,
                expect,
                macros,
                vars,
                envVars,
                NodeConfig.of(config),
                fqn,
                Optional.ofNullable(problem));
    }

    /** One {@code given:} input or the {@code expect:} block: its format and rows, inline or from a fixture file. */
    private UnitTestFixture fixture(YamlFile yaml, Map<?, ?> block, String test, String input, int entryLine) {
        int line = yaml.lineOf(block) > 0 ? yaml.lineOf(block) : entryLine;
        String what = input.isEmpty() ? "'expect:'" : "input %s".formatted(input);
        String formatText = text(block.get("format")).orElse("dict");
        UnitTestFixture.Format format;
        try {
            format = UnitTestFixture.Format.valueOf(formatText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProjectException(
                    "unit test '%s', %s: unknown format '%s'; use dict, csv or sql".formatted(test, what, formatText),
                    yaml.file(),
                    line,
                    null);
        }
        Object rows = block.get("rows");
        Optional<String> fixtureName = text(block.get("fixture"));
        if (rows != null && fixtureName.isPresent()) {
            throw new ProjectException(
                    "unit test '%s', %s has both 'rows:' and 'fixture:'; keep one".formatted(test, what),
                    yaml.file(),
                    line,
                    null);
        }
        if (fixtureName.isPresent()) {
            if (format == UnitTestFixture.Format.DICT) {
                throw new ProjectException(
                        "unit test '%s', %s: a 'fixture:' file needs 'format: csv' or 'format: sql'"
                                .formatted(test, what),
                        yaml.file(),
                        line,
                        null);
            }
            Path file = fixtures.apply(fixtureName.get())
                    .orElseThrow(() -> new ProjectException(
                            "unit test '%s', %s: no fixture file '%s' (.csv or .sql) in a 'fixtures' folder under the test paths"
                                    .formatted(test, what, fixtureName.get()),
                            yaml.file(),
                            line,
                            null));
            String content = read(file);
            return format == UnitTestFixture.Format.SQL
                    ? new UnitTestFixture(input, format, List.of(), Optional.of(content), file, 0)
                    : new UnitTestFixture(input, format, CsvText.rows(content, file, 1), Optional.empty(), file, 0);
        }
        return switch (format) {
            case DICT -> {
                if (rows == null) {
                    // dbt reads a seed's own file when its rows are left out.
                    java.util.regex.Matcher ref = SEED_REF.matcher(input);
                    Optional<Path> seed = ref.matches() ? seedFiles.apply(ref.group(1)) : Optional.empty();
                    if (seed.isEmpty()) {
                        throw new ProjectException(
                                "unit test '%s', %s has no 'rows:'; give the rows (rows: [] for none); only a seed's rows may be left out"
                                        .formatted(test, what),
                                yaml.file(),
                                line,
                                null);
                    }
                    yield new UnitTestFixture(
                            input,
                            format,
                            CsvText.rows(read(seed.get()), seed.get(), 1),
                            Optional.empty(),
                            seed.get(),
                            0);
                }
                if (!(rows instanceof List<?> list)) {
                    throw new ProjectException(
                            "unit test '%s', %s: 'rows:' must be a list of mappings for format dict (or set format: csv / sql)"
                                    .formatted(test, what),
                            yaml.file(),
                            line,
                            null);
                }
                List<Map<String, Object>> parsed = new ArrayList<>();
                for (Object row : list) {
                    if (!(row instanceof Map<?, ?> map)) {
                        throw new ProjectException(
                                "unit test '%s', %s: every row must be a mapping of column to value, e.g. {id: 1}, found '%s'"
                                        .formatted(test, what, row),
                                yaml.file(),
                                yaml.lineOf(list),
                                null);
                    }
                    Map<String, Object> values = new LinkedHashMap<>();
                    map.forEach((k, v) -> values.put(String.valueOf(k), v));
                    parsed.add(values);
                }
                yield new UnitTestFixture(input, format, parsed, Optional.empty(), yaml.file(), line);
            }
            case CSV -> {
                if (!(rows instanceof String csv)) {
                    throw new ProjectException(
                            "unit test '%s', %s: format csv needs 'rows:' as text (a header line, then one line per row) or 'fixture:'"
                                    .formatted(test, what),
                            yaml.file(),
                            line,
                            null);
                }
                int csvLine = yaml.lineOf(csv) > 0 ? yaml.lineOf(csv) + 1 : line;
                yield new UnitTestFixture(
                        input, format, CsvText.rows(csv, yaml.file(), csvLine), Optional.empty(), yaml.file(), line);
            }
            case SQL -> {
                if (!(rows instanceof String sql)) {
                    throw new ProjectException(
                            "unit test '%s', %s: format sql needs 'rows:' as a query (select ... union all select ...) or 'fixture:'"
                                    .formatted(test, what),
                            yaml.file(),
                            line,
                            null);
                }
                yield new UnitTestFixture(input, format, List.of(), Optional.of(sql), yaml.file(), line);
            }
        };
    }

    private static Map<String, Object> mapping(Object value, String test, String key) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new EntryProblem("unit test '%s': '%s:' must be a mapping".formatted(test, key));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ProjectException("cannot read the fixture file as UTF-8: " + e.getMessage(), file, 0, e);
        }
    }

    private static Optional<String> text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    private static EntryProblem problem(String message) {
        return new EntryProblem(message);
    }

    /** A problem with the entry itself, located at the entry's line. */
    private static final class EntryProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EntryProblem(String message) {
            super(message);
        }
    }
}
