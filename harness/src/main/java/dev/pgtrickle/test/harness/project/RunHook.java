package dev.pgtrickle.test.harness.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One {@code on-run-start} or {@code on-run-end} statement of a {@code dbt_project.yml} (the project's or an installed
 * package's), kept as written: dbt renders it only when it runs, with the run's context.
 *
 * @param packageName the project or package whose {@code dbt_project.yml} holds it
 * @param type when it runs
 * @param index its position in that file's list, from 0
 * @param sql the Jinja text
 * @param file that {@code dbt_project.yml}
 * @param line the line of the {@code on-run-*} key, 0 when unknown
 */
public record RunHook(String packageName, Type type, int index, String sql, Path file, int line) {

    /** When a hook runs. */
    public enum Type {
        /** Before the first node. */
        ON_RUN_START("on-run-start"),
        /** After the last node (and the dbt tests), whatever became of them. */
        ON_RUN_END("on-run-end");

        private final String key;

        Type(String key) {
            this.key = key;
        }

        /** The key in {@code dbt_project.yml}, also part of the hook's node name. */
        public String key() {
            return key;
        }
    }

    /** dbt's node name: {@code <package>-on-run-start-<index>}. */
    public String name() {
        return "%s-%s-%d".formatted(packageName, type.key(), index);
    }

    /** dbt's unique id: {@code operation.<package>.<name>}. */
    public String uniqueId() {
        return "operation.%s.%s".formatted(packageName, name());
    }

    /** Where it is written, for messages: {@code on-run-start[0] of dbt_project.yml (line 4)}. */
    public String describe() {
        return "%s[%d] of %s%s".formatted(type.key(), index, file, line > 0 ? " (line %d)".formatted(line) : "");
    }

    /**
     * The hooks of the root project and its packages in the order dbt runs them: every package's first, packages by
     * name, then the root project's; within one file, as listed.
     */
    static List<RunHook> inRunOrder(String rootName, List<RunHook> root, List<DbtPackage> packages) {
        List<RunHook> packageHooks = new ArrayList<>();
        for (DbtPackage dbtPackage : packages) {
            Path file = dbtPackage.root().resolve("dbt_project.yml");
            if (!dbtPackage.name().equals(rootName) && Files.isRegularFile(file)) {
                YamlFile yaml = YamlFile.read(file);
                if (yaml.root() instanceof Map<?, ?> settings) {
                    packageHooks.addAll(read(dbtPackage.name(), yaml, settings));
                }
            }
        }
        packageHooks.sort(Comparator.comparing(RunHook::packageName));
        List<RunHook> all = new ArrayList<>(packageHooks);
        all.addAll(root);
        return List.copyOf(all);
    }

    /** {@code on-run-start} and {@code on-run-end} of one {@code dbt_project.yml}: a statement or a list of them. */
    static List<RunHook> read(String packageName, YamlFile yaml, Map<?, ?> settings) {
        List<RunHook> hooks = new ArrayList<>();
        for (Type type : Type.values()) {
            Object value = settings.containsKey(type.key())
                    ? settings.get(type.key())
                    : settings.get(type.key().replace('-', '_'));
            if (value == null) {
                continue;
            }
            List<?> entries = value instanceof List<?> list ? list : List.of(value);
            for (Object entry : entries) {
                if (!(entry instanceof String || entry instanceof Number || entry instanceof Boolean)) {
                    throw yaml.error(
                            settings,
                            "'%s' entries must be SQL statements (text), found %s; write each statement as a string"
                                    .formatted(type.key(), entry == null ? "an empty entry" : "'" + entry + "'"));
                }
                hooks.add(new RunHook(
                        packageName,
                        type,
                        hooks.stream().filter(h -> h.type() == type).toList().size(),
                        String.valueOf(entry),
                        yaml.file(),
                        yaml.lineOf(value instanceof List<?> ? value : null)));
            }
        }
        return hooks;
    }

    /** This type's hooks among {@code hooks}, in order. */
    public static List<RunHook> ofType(List<RunHook> hooks, Type type) {
        return hooks.stream().filter(hook -> hook.type() == type).toList();
    }
}
