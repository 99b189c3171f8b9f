package dev.pgtrickle.test.harness.project;

import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Change;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Input;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Rows;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Step;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Sync;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Verb;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the change scenarios of one model entry of a property file: {@code config: meta: pgtrickle_scenarios:} (or the
 * older top-level {@code meta:}, which dbt still accepts). A malformed scenario does not stop the project from loading:
 * it becomes a {@link ScenarioDeclaration} with a problem naming the file, the line and the entry, reported as an
 * error when the tests run, so the other tests still run.
 */
final class ScenarioParser {

    /** The key under {@code meta:}. */
    static final String KEY = "pgtrickle_scenarios";

    private static final Set<String> SCENARIO_KEYS =
            Set.of("name", "description", "given", "expect", "steps", "wait_timeout");
    private static final Set<String> STEP_KEYS =
            Set.of("name", "insert", "update", "delete", "truncate", "refresh", "wait_for_scheduler", "expect");
    private static final Pattern REF = Pattern.compile("ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");
    private static final Pattern SOURCE =
            Pattern.compile("source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    /** A problem in one scenario, at a line. */
    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object where;

        Problem(Object where, String message) {
            super(message, null, false, false);
            this.where = where;
        }
    }

    private final YamlFile yaml;
    private final String model;

    private ScenarioParser(YamlFile yaml, String model) {
        this.yaml = yaml;
        this.model = model;
    }

    /** The scenarios of {@code entry}, the property-file entry of model {@code model}; none when it declares none. */
    static List<ScenarioDeclaration> read(YamlFile yaml, Map<?, ?> entry, String model) {
        ScenarioParser parser = new ScenarioParser(yaml, model);
        List<ScenarioDeclaration> scenarios = new ArrayList<>();
        if (entry.get("config") instanceof Map<?, ?> config && config.get("meta") instanceof Map<?, ?> meta) {
            scenarios.addAll(parser.list(meta));
        }
        if (entry.get("meta") instanceof Map<?, ?> meta) {
            scenarios.addAll(parser.list(meta));
        }
        return scenarios;
    }

    private List<ScenarioDeclaration> list(Map<?, ?> meta) {
        Object block = meta.get(KEY);
        if (block == null) {
            return List.of();
        }
        if (!(block instanceof List<?> entries)) {
            return List.of(malformed(
                    KEY,
                    yaml.lineOf(meta),
                    "'%s:' must be a list of scenarios, each starting with '- name:'".formatted(KEY)));
        }
        List<ScenarioDeclaration> scenarios = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object item = entries.get(i);
            String fallbackName = "scenario %d".formatted(i + 1);
            if (!(item instanceof Map<?, ?> scenario)) {
                scenarios.add(malformed(
                        fallbackName,
                        yaml.lineOf(entries),
                        "entry %d of '%s:' must be a mapping starting with 'name:', found '%s'"
                                .formatted(i + 1, KEY, item)));
                continue;
            }
            String name = scenario.get("name") instanceof String text && !text.isBlank() ? text : fallbackName;
            try {
                scenarios.add(scenario(scenario, name));
            } catch (Problem problem) {
                int line = yaml.lineOf(problem.where);
                scenarios.add(malformed(name, line > 0 ? line : yaml.lineOf(scenario), problem.getMessage()));
            }
        }
        return scenarios;
    }

    private ScenarioDeclaration malformed(String name, int line, String message) {
        String where =
                line > 0 ? "%s:%d".formatted(yaml.file(), line) : yaml.file().toString();
        return ScenarioDeclaration.malformed(
                model,
                "",
                name,
                yaml.file(),
                line,
                "%s: scenario '%s' of model %s: %s".formatted(where, name, model, message));
    }

    private ScenarioDeclaration scenario(Map<?, ?> scenario, String name) {
        if (!(scenario.get("name") instanceof String)) {
            throw new Problem(scenario, "the scenario has no 'name:'; add one (it names the test in reports)");
        }
        unknownKeys(scenario, SCENARIO_KEYS, "a scenario");
        List<Input> given = new ArrayList<>();
        for (Map<?, ?> input : mappings(scenario.get("given"), "given")) {
            unknownKeys(input, Set.of("input", "rows"), "an entry of 'given:'");
            given.add(new Input(
                    input(input, "given"),
                    rows(input.get("rows"), "rows of " + input.get("input")),
                    yaml.lineOf(input)));
        }
        Optional<Rows> expect = Optional.ofNullable(scenario.get("expect")).map(rows -> rows(rows, "expect"));
        List<Step> steps = new ArrayList<>();
        for (Map<?, ?> step : mappings(scenario.get("steps"), "steps")) {
            steps.add(step(step, steps.size() + 1));
        }
        if (steps.isEmpty() && expect.isEmpty()) {
            throw new Problem(scenario, "the scenario has neither 'expect:' nor 'steps:'; it would check nothing");
        }
        Optional<Duration> waitTimeout =
                Optional.ofNullable(scenario.get("wait_timeout")).map(value -> duration(scenario, value));
        return new ScenarioDeclaration(
                model,
                "",
                name,
                yaml.file(),
                yaml.lineOf(scenario),
                given,
                expect,
                steps,
                waitTimeout,
                Optional.empty());
    }

    private Step step(Map<?, ?> step, int index) {
        unknownKeys(step, STEP_KEYS, "step %d".formatted(index));
        String name = step.get("name") == null ? "step %d".formatted(index) : String.valueOf(step.get("name"));
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<?, ?> entry : step.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Verb verb =
                    switch (key) {
                        case "insert" -> Verb.INSERT;
                        case "update" -> Verb.UPDATE;
                        case "delete" -> Verb.DELETE;
                        case "truncate" -> Verb.TRUNCATE;
                        default -> null;
                    };
            if (verb == null) {
                continue;
            }
            Object value = entry.getValue();
            List<?> items = value instanceof List<?> list ? list : java.util.Collections.singletonList(value);
            for (Object item : items) {
                changes.add(change(verb, key, item, step));
            }
        }
        boolean refresh = flag(step, "refresh");
        boolean wait = flag(step, "wait_for_scheduler");
        if (refresh && wait) {
            throw new Problem(
                    step,
                    "step '%s' has both 'refresh: true' and 'wait_for_scheduler: true'; keep one".formatted(name));
        }
        Optional<Rows> expect = Optional.ofNullable(step.get("expect")).map(rows -> rows(rows, "expect"));
        if (wait && expect.isEmpty()) {
            throw new Problem(
                    step,
                    "step '%s' waits for the scheduler but has no 'expect:'; it waits until those rows are there"
                            .formatted(name));
        }
        Sync sync = refresh ? Sync.REFRESH : wait ? Sync.SCHEDULER : Sync.NONE;
        return new Step(name, yaml.lineOf(step), changes, sync, expect);
    }

    private Change change(Verb verb, String key, Object item, Map<?, ?> step) {
        if (verb == Verb.TRUNCATE && item instanceof String input) {
            return new Change(verb, inputName(input, step), Optional.empty(), "", "", yaml.lineOf(step));
        }
        if (!(item instanceof Map<?, ?> map)) {
            throw new Problem(step, "'%s:' must be a mapping with %s, found '%s'".formatted(key, shape(verb), item));
        }
        Set<String> allowed =
                switch (verb) {
                    case INSERT -> Set.of("input", "rows");
                    case UPDATE -> Set.of("input", "set", "where");
                    case DELETE -> Set.of("input", "where");
                    case TRUNCATE -> Set.of("input");
                };
        unknownKeys(map, allowed, "'%s:'".formatted(key));
        String input = input(map, key);
        Optional<Rows> rows =
                verb == Verb.INSERT ? Optional.of(rows(map.get("rows"), "rows of " + input)) : Optional.empty();
        if (verb == Verb.INSERT && rows.get().values().isEmpty()) {
            throw new Problem(map, "'insert:' into %s has no rows; give at least one under 'rows:'".formatted(input));
        }
        String set = verb == Verb.UPDATE ? fragment(map, "set", key) : "";
        String where = verb == Verb.UPDATE || verb == Verb.DELETE ? fragment(map, "where", key) : "";
        return new Change(verb, input, rows, set, where, yaml.lineOf(map));
    }

    private static String shape(Verb verb) {
        return switch (verb) {
            case INSERT -> "'input:' and 'rows:'";
            case UPDATE -> "'input:', 'set:' and 'where:'";
            case DELETE -> "'input:' and 'where:'";
            case TRUNCATE -> "'input:' (or just the input's name)";
        };
    }

    private String fragment(Map<?, ?> map, String key, String owner) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new Problem(
                    map,
                    "'%s:' needs '%s:', a SQL fragment such as \"order_id = 1\"%s"
                            .formatted(owner, key, key.equals("where") ? " (write 'true' for every row)" : ""));
        }
        return String.valueOf(value);
    }

    private String input(Map<?, ?> map, String owner) {
        Object value = map.get("input");
        if (!(value instanceof String text) || text.isBlank()) {
            throw new Problem(
                    map,
                    "an entry of '%s:' needs 'input:', a seed (customers), a source (shop.orders) or ref('...')/source('...', '...')"
                            .formatted(owner));
        }
        return inputName(text, map);
    }

    /** {@code ref('customers')} is {@code customers}, {@code source('shop', 'orders')} is {@code shop.orders}. */
    private String inputName(String text, Object where) {
        String trimmed = text.trim();
        Matcher ref = REF.matcher(trimmed);
        if (ref.matches()) {
            return ref.group(1);
        }
        Matcher source = SOURCE.matcher(trimmed);
        if (source.matches()) {
            return source.group(1) + "." + source.group(2);
        }
        if (trimmed.contains("(")) {
            throw new Problem(
                    where, "input '%s' is neither a name nor ref('...') nor source('...', '...')".formatted(text));
        }
        return trimmed;
    }

    /** A list of row mappings with the same columns; {@code []} is no rows. */
    private Rows rows(Object block, String owner) {
        if (block == null) {
            throw new Problem(
                    null,
                    "'%s' is missing; give a list of rows such as '- {order_id: 1, amount: 10}'".formatted(owner));
        }
        if (!(block instanceof List<?> list)) {
            throw new Problem(
                    block,
                    "'%s' must be a list of rows such as '- {order_id: 1, amount: 10}', found '%s'"
                            .formatted(owner, block));
        }
        List<String> columns = new ArrayList<>();
        List<List<Object>> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> row) || row.isEmpty()) {
                throw new Problem(
                        list,
                        "row %d of '%s' must be a mapping of column to value, found '%s'"
                                .formatted(i + 1, owner, list.get(i)));
            }
            Set<String> names = new LinkedHashSet<>();
            row.keySet().forEach(key -> names.add(String.valueOf(key)));
            if (i == 0) {
                columns.addAll(names);
            } else if (!names.equals(new LinkedHashSet<>(columns))) {
                throw new Problem(
                        row,
                        "row %d of '%s' has the columns %s but the first row has %s; give every row the same columns"
                                .formatted(i + 1, owner, names, columns));
            }
            List<Object> value = new ArrayList<>();
            for (String column : columns) {
                value.add(scalar(row, column, row.get(column)));
            }
            values.add(value);
        }
        return new Rows(columns, values);
    }

    /** YAML reads {@code 2026-03-01} as a date and {@code 120.00} as a double: give them back as text-exact values. */
    private Object scalar(Map<?, ?> row, String column, Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new Problem(
                    row,
                    "column '%s' has the value '%s'; a row's values must be scalars (quote JSON text)"
                            .formatted(column, value));
        }
        if (value instanceof Date date) {
            LocalDateTime utc = LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC);
            return utc.toLocalTime().equals(LocalTime.MIDNIGHT) ? (Object) utc.toLocalDate() : utc;
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(String.valueOf(value));
        }
        return value;
    }

    private Duration duration(Map<?, ?> scenario, Object value) {
        Matcher matcher = DURATION.matcher(String.valueOf(value).trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new Problem(
                    scenario, "'wait_timeout: %s' is not a positive duration; write 30s, 2m or 500ms".formatted(value));
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private boolean flag(Map<?, ?> step, String key) {
        Object value = step.get(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean bool)) {
            throw new Problem(step, "'%s:' must be true or false, found '%s'".formatted(key, value));
        }
        return bool;
    }

    private List<Map<?, ?>> mappings(Object block, String key) {
        if (block == null) {
            return List.of();
        }
        if (!(block instanceof List<?> list)) {
            throw new Problem(block, "'%s:' must be a list, found '%s'".formatted(key, block));
        }
        List<Map<?, ?>> maps = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new Problem(list, "every entry of '%s:' must be a mapping, found '%s'".formatted(key, item));
            }
            maps.add(map);
        }
        return maps;
    }

    private void unknownKeys(Map<?, ?> map, Set<String> allowed, String what) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new Problem(
                        map,
                        "%s has an unknown key '%s'; the keys are: %s"
                                .formatted(what, key, String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
    }
}
