package dev.pgtrickle.test.harness.project;

import dev.pgtrickle.test.harness.jinja.YamlTemplates;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Turns the entries of a {@code tests:}/{@code data_tests:} list into {@link GenericTestNode}s, named as dbt names them. */
final class GenericTestParser {

    /** Keys that configure a test rather than being arguments to it, when written next to the arguments. */
    private static final Set<String> CONFIG_KEYS = Set.of(
            "severity",
            "where",
            "error_if",
            "warn_if",
            "limit",
            "tags",
            "enabled",
            "store_failures",
            "store_failures_as",
            "fail_calc",
            "meta",
            "alias",
            "schema",
            "database");

    private final String projectName;
    private final YamlTemplates templates;

    /** @param templates renders Jinja in the test's config values ({@code severity}, {@code where}, ...), as dbt does */
    GenericTestParser(String projectName, YamlTemplates templates) {
        this.projectName = projectName;
        this.templates = templates;
    }

    List<GenericTestNode> parse(YamlFile yaml, Object tests, TestAttachment attachedTo, Optional<String> column) {
        if (tests == null) {
            return List.of();
        }
        if (!(tests instanceof List<?> entries)) {
            throw yaml.error(tests, "'tests:' of %s must be a list".formatted(attachedTo.name()));
        }
        int listLine = yaml.lineOf(entries);
        List<GenericTestNode> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            int line = yaml.lineOf(entry) > 0 ? yaml.lineOf(entry) : listLine;
            result.add(parseOne(yaml, entry, line, attachedTo, column));
        }
        return result;
    }

    private GenericTestNode parseOne(
            YamlFile yaml, Object entry, int line, TestAttachment attachedTo, Optional<String> column) {
        String testName;
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (entry instanceof String name) {
            testName = name;
        } else if (entry instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            testName = String.valueOf(only.getKey());
            if (only.getValue() instanceof Map<?, ?> args) {
                args.forEach((k, v) -> arguments.put(String.valueOf(k), v));
            } else if (only.getValue() != null) {
                throw new ProjectException(
                        "test '%s' on %s: its arguments must be a mapping (e.g. 'values: [...]'), found '%s'"
                                .formatted(testName, attachedTo.name(), only.getValue()),
                        yaml.file(),
                        line,
                        null);
            }
        } else if (entry instanceof Map<?, ?> map && map.get("test_name") != null) {
            testName = String.valueOf(map.get("test_name"));
            map.forEach((k, v) -> {
                if (!"test_name".equals(k)) {
                    arguments.put(String.valueOf(k), v);
                }
            });
        } else {
            throw new ProjectException(
                    "cannot read test entry %s on %s: write a test name ('- not_null') or a one-key mapping ('- accepted_values: {values: [...]}')"
                            .formatted(entry, attachedTo.name()),
                    yaml.file(),
                    line,
                    null);
        }
        if (!testName.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new ProjectException(
                    "'%s' is not a test name: use a macro name, optionally with a package prefix like dbt_pgtrickle.name"
                            .formatted(testName),
                    yaml.file(),
                    line,
                    null);
        }
        // dbt 1.10+ nests arguments under 'arguments:'; older projects write them next to config keys.
        if (arguments.get("arguments") instanceof Map<?, ?> nested) {
            arguments.remove("arguments");
            nested.forEach((k, v) -> arguments.put(String.valueOf(k), v));
        }
        // A test on a model (not under a column) may name its column as an argument, as dbt reads it.
        if (column.isEmpty() && arguments.get("column_name") != null) {
            column = Optional.of(String.valueOf(arguments.get("column_name")));
        }
        Optional<String> customName =
                Optional.ofNullable(arguments.remove("name")).map(String::valueOf);
        Map<String, Object> config = new LinkedHashMap<>();
        if (arguments.remove("config") instanceof Map<?, ?> block) {
            block.forEach((k, v) -> config.put(String.valueOf(k), v));
        }
        for (String key : List.copyOf(arguments.keySet())) {
            if (CONFIG_KEYS.contains(key)) {
                config.putIfAbsent(key, arguments.remove(key));
            }
        }
        for (Map.Entry<String, Object> setting : config.entrySet()) {
            try {
                setting.setValue(templates.render(setting.getValue()));
            } catch (IllegalArgumentException e) {
                throw new ProjectException(
                        "test '%s' on %s, config '%s': %s"
                                .formatted(testName, attachedTo.name(), setting.getKey(), e.getMessage()),
                        yaml.file(),
                        line,
                        e);
            }
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        column.ifPresent(name -> kwargs.put("column_name", name));
        kwargs.putAll(arguments);
        Optional<String> packageName = Optional.empty();
        String bareName = testName;
        int dot = testName.indexOf('.');
        if (dot > 0) {
            packageName = Optional.of(testName.substring(0, dot));
            bareName = testName.substring(dot + 1);
        }
        String name = customName.orElseGet(() -> synthesizeName(testName, attachedTo, kwargs));
        return new GenericTestNode(
                name,
                "test.%s.%s".formatted(projectName, name),
                testName,
                packageName,
                "test_" + bareName,
                attachedTo,
                column,
                kwargs,
                NodeConfig.of(config),
                yaml.file(),
                line);
    }

    /**
     * dbt's generated name: test name (package prefix joined with {@code _}), the node, then every argument value in
     * argument-name order, non-word characters replaced by {@code _}, joined with {@code __}; names of 64 characters or
     * more are shortened to the first 30 characters of {@code <test>_<node>} plus an MD5 of the full name.
     */
    static String synthesizeName(String testName, TestAttachment attachedTo, Map<String, Object> kwargs) {
        List<String> flat = new ArrayList<>();
        new TreeMap<>(kwargs).forEach((key, value) -> {
            if (value instanceof Map<?, ?> map) {
                map.values().forEach(part -> flat.add(String.valueOf(part)));
            } else if (value instanceof List<?> list) {
                list.forEach(part -> flat.add(String.valueOf(part)));
            } else {
                flat.add(String.valueOf(value));
            }
        });
        String unique = String.join(
                "__",
                flat.stream()
                        .map(part -> part.replaceAll("[^0-9a-zA-Z_]+", "_"))
                        .toList());
        String testType = testName.replace('.', '_');
        String target = attachedTo.name();
        if (attachedTo.sourceName().isPresent()) {
            testType = "source_" + testType;
            target = attachedTo.sourceName().get() + "_" + attachedTo.name();
        }
        String identifier = testType + "_" + target;
        String full = unique.isEmpty() ? identifier : identifier + "_" + unique;
        if (full.length() >= 64) {
            return "%s_%s".formatted(identifier.length() > 30 ? identifier.substring(0, 30) : identifier, md5(full));
        }
        return full;
    }

    private static String md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return "%032x".formatted(new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
