package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The project's profile from {@code profiles.yml} next to {@code dbt_project.yml} (the harness never reads
 * {@code ~/.dbt}).
 *
 * @param name the profile name
 * @param defaultTarget the profile's {@code target}, {@code default} when absent
 * @param outputs the outputs by name
 * @param file the profiles file
 */
public record Profile(String name, String defaultTarget, Map<String, ProfileTarget> outputs, Path file) {

    /** The output called {@code targetName}, or the default target when {@code targetName} is empty. */
    public Optional<ProfileTarget> target(Optional<String> targetName) {
        return Optional.ofNullable(outputs.get(targetName.orElse(defaultTarget)));
    }
}
