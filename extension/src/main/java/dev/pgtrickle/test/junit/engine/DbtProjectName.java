package dev.pgtrickle.test.junit.engine;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A project's {@code name:} from {@code dbt_project.yml}, read on its own at discovery to name the project in reports,
 * before (and whether or not) the whole project loads. Problems are not reported here: loading the project reports
 * them with file and line.
 */
final class DbtProjectName {

    private DbtProjectName() {}

    static Optional<String> of(Path project) {
        Path file = project.resolve("dbt_project.yml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (document instanceof Map<?, ?> map && map.get("name") instanceof String name && !name.isBlank()) {
                return Optional.of(name.strip());
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
