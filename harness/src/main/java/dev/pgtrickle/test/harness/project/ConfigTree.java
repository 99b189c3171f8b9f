package dev.pgtrickle.test.harness.project;

import dev.pgtrickle.test.harness.jinja.YamlTemplates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hierarchical {@code models:}/{@code seeds:}/{@code tests:} block of {@code dbt_project.yml}: config keys
 * ({@code +key}, or a bare key dbt knows as a config) apply to the folder they sit in and below; other nested
 * mappings are folders (or, at the first level, the project name).
 */
final class ConfigTree {

    /** Bare keys dbt treats as config even without {@code +}; a mapping under any other bare key is a folder. */
    private static final Set<String> KNOWN_CONFIG_KEYS = Set.of(
            "materialized",
            "schema",
            "alias",
            "database",
            "tags",
            "enabled",
            "pre_hook",
            "post_hook",
            "meta",
            "docs",
            "persist_docs",
            "full_refresh",
            "column_types",
            "quote_columns",
            "delimiter",
            "grants",
            "contract",
            "on_schema_change",
            "unique_key",
            "incremental_strategy",
            "severity",
            "where",
            "error_if",
            "warn_if",
            "limit",
            "store_failures",
            "fail_calc",
            "schedule",
            "refresh_mode",
            "initialize",
            "status",
            "stream_table_name",
            "stream_table_schema",
            "cdc_mode",
            "partition_by",
            "append_only",
            "indexes",
            "bind",
            "group",
            "access");

    private final YamlFile file;
    private final Map<?, ?> block;
    private final YamlTemplates templates;

    ConfigTree(YamlFile file, Object block, String blockName, YamlTemplates templates) {
        this.file = file;
        this.templates = templates;
        if (block != null && !(block instanceof Map<?, ?>)) {
            throw file.error(block, "'%s:' must be a mapping of folders and +config keys".formatted(blockName));
        }
        this.block = block == null ? Map.of() : (Map<?, ?>) block;
    }

    /**
     * The configuration for a node whose fqn is {@code fqn} (project name, folders, node name): each level's
     * config keys in turn, shallow first.
     */
    NodeConfig configFor(List<String> fqn) {
        NodeConfig config = NodeConfig.empty();
        Map<?, ?> level = block;
        config = config.merge(configKeys(level));
        for (String part : fqn) {
            Object next = level.get(part);
            if (!(next instanceof Map<?, ?> nested) || isConfigKey(part, next)) {
                break;
            }
            level = nested;
            config = config.merge(configKeys(level));
        }
        return config;
    }

    /** Folder paths under the block that no node's fqn reaches, for a warning like dbt's. */
    List<String> unusedPaths(List<List<String>> fqns) {
        List<String> unused = new ArrayList<>();
        collectUnused(block, new ArrayList<>(), fqns, unused);
        return unused;
    }

    private void collectUnused(Map<?, ?> level, List<String> path, List<List<String>> fqns, List<String> unused) {
        level.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (value instanceof Map<?, ?> nested && !isConfigKey(name, value)) {
                List<String> child = new ArrayList<>(path);
                child.add(name);
                boolean reached = fqns.stream()
                        .anyMatch(fqn -> fqn.size() >= child.size()
                                && fqn.subList(0, child.size()).equals(child));
                if (reached) {
                    collectUnused(nested, child, fqns, unused);
                } else {
                    unused.add(String.join(".", child) + " (line " + file.lineOf(nested) + ")");
                }
            }
        });
    }

    private static boolean isConfigKey(String key, Object value) {
        return key.startsWith("+")
                || !(value instanceof Map<?, ?>)
                || KNOWN_CONFIG_KEYS.contains(NodeConfig.normalizeKey(key));
    }

    private Map<String, Object> configKeys(Map<?, ?> level) {
        Map<String, Object> config = new LinkedHashMap<>();
        level.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (isConfigKey(name, value)) {
                config.put(name, render(level, name, value));
            }
        });
        return config;
    }

    /**
     * Renders Jinja in a value as dbt renders dbt_project.yml ({@code env_var}, {@code var} of the command-line vars,
     * {@code target}); hooks are rendered later, per node, at run time.
     */
    private Object render(Map<?, ?> level, String key, Object value) {
        String normalized = NodeConfig.normalizeKey(key);
        if (normalized.equals("pre_hook") || normalized.equals("post_hook")) {
            return value;
        }
        try {
            return templates.render(value);
        } catch (IllegalArgumentException e) {
            throw file.error(level, "'%s': %s".formatted(key, e.getMessage()));
        }
    }
}
