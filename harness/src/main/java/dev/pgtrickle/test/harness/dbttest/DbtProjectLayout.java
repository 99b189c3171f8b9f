package dev.pgtrickle.test.harness.dbttest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Where a dbt project keeps the files its tests come from.
 *
 * @param root the folder holding {@code dbt_project.yml}
 * @param modelPaths {@code model-paths} (default {@code models})
 * @param seedPaths {@code seed-paths} (default {@code seeds})
 * @param snapshotPaths {@code snapshot-paths} (default {@code snapshots})
 * @param testPaths {@code test-paths} (default {@code tests})
 * @param macroPaths {@code macro-paths} (default {@code macros})
 */
public record DbtProjectLayout(
        Path root,
        List<String> modelPaths,
        List<String> seedPaths,
        List<String> snapshotPaths,
        List<String> testPaths,
        List<String> macroPaths) {

    public DbtProjectLayout {
        modelPaths = List.copyOf(modelPaths);
        seedPaths = List.copyOf(seedPaths);
        snapshotPaths = List.copyOf(snapshotPaths);
        testPaths = List.copyOf(testPaths);
        macroPaths = List.copyOf(macroPaths);
    }

    /** Read the paths from {@code root/dbt_project.yml}, with dbt's defaults for the ones it does not set. */
    public static DbtProjectLayout read(Path root) {
        Path file = root.resolve("dbt_project.yml");
        if (!Files.isRegularFile(file)) {
            throw new DbtTestDefinitionException(
                    "%s not found: %s is not a dbt project; point to the folder that holds dbt_project.yml"
                            .formatted(file, root));
        }
        Map<?, ?> project;
        try {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            project = document instanceof Map<?, ?> map ? map : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (YAMLException e) {
            throw DbtTestLoader.invalidYaml(file, e);
        }
        return new DbtProjectLayout(
                root,
                paths(project, "model-paths", "models", file),
                paths(project, "seed-paths", "seeds", file),
                paths(project, "snapshot-paths", "snapshots", file),
                paths(project, "test-paths", "tests", file),
                paths(project, "macro-paths", "macros", file));
    }

    private static List<String> paths(Map<?, ?> project, String key, String fallback, Path file) {
        Object value = project.get(key);
        if (value == null) {
            return List.of(fallback);
        }
        if (!(value instanceof List<?> list)) {
            throw new DbtTestDefinitionException(
                    "%s: '%s' must be a list of folders, e.g. %s: [\"%s\"]".formatted(file, key, key, fallback));
        }
        return list.stream().map(String::valueOf).toList();
    }
}
