package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.List;

/**
 * A dbt package the project uses, as {@code dbt deps} installs it under {@code dbt_packages/<name>/} (or a {@code
 * local:} entry of {@code packages.yml}): its macros and generic tests, callable as {@code <name>.macro(...)} and as
 * {@code <name>.test} in property files.
 *
 * @param name the package's own project name ({@code name:} of its {@code dbt_project.yml}), its namespace
 * @param root the package folder
 * @param macros its macro files: macro paths, then {@code <test path>/generic/}
 */
public record DbtPackage(String name, Path root, List<MacroFile> macros) {

    public DbtPackage {
        macros = List.copyOf(macros);
    }
}
