package dev.pgtrickle.test.harness.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the packages a project uses as dbt does at run time: every folder of the install path ({@code dbt_packages/}
 * unless {@code packages-install-path} says otherwise) that holds a {@code dbt_project.yml}, then each entry of {@code
 * packages.yml} (or {@code dependencies.yml}): satisfied by an installed folder, else (a {@code local:} entry) by its
 * path when that holds a {@code dbt_project.yml}; otherwise the project cannot run, and the error names the file and
 * says to run {@code dbt deps}. pg_trickle's own package, {@code dbt_pgtrickle}, is provided by the harness: an entry
 * for it needs no install, and its macros are not loaded (the {@code stream_table} materialization, tests and
 * operations are the harness's own).
 */
final class PackageReader {

    static final String PGTRICKLE_PACKAGE = "dbt_pgtrickle";

    private final Path root;

    PackageReader(Path root) {
        this.root = root;
    }

    List<DbtPackage> read(Map<?, ?> settings) {
        String installPath = String.valueOf(
                settings.get("packages-install-path") == null ? "dbt_packages" : settings.get("packages-install-path"));
        Map<String, DbtPackage> packages = new LinkedHashMap<>();
        for (Path folder : installed(root.resolve(installPath).normalize())) {
            DbtPackage found = load(folder);
            packages.putIfAbsent(found.name(), found);
        }
        for (String fileName : List.of("packages.yml", "dependencies.yml")) {
            Path file = root.resolve(fileName);
            if (Files.isRegularFile(file)) {
                satisfy(YamlFile.read(file), installPath, packages);
            }
        }
        packages.remove(PGTRICKLE_PACKAGE);
        return List.copyOf(packages.values());
    }

    private void satisfy(YamlFile yaml, String installPath, Map<String, DbtPackage> packages) {
        if (!(yaml.root() instanceof Map<?, ?> top) || !(top.get("packages") instanceof List<?> entries)) {
            return;
        }
        Set<String> claimed = new HashSet<>();
        List<Map<?, ?>> unresolvedLocals = new ArrayList<>();
        for (Object item : entries) {
            if (!(item instanceof Map<?, ?> entry)) {
                continue;
            }
            if (entry.get("local") != null) {
                Path path = root.resolve(String.valueOf(entry.get("local"))).normalize();
                if (Files.isRegularFile(path.resolve("dbt_project.yml"))) {
                    DbtPackage local = load(path);
                    packages.putIfAbsent(local.name(), local);
                    claimed.add(local.name());
                } else {
                    unresolvedLocals.add(entry);
                }
                continue;
            }
            String expected = expectedName(entry);
            if (expected.equals(PGTRICKLE_PACKAGE) || packages.containsKey(expected)) {
                claimed.add(expected);
                continue;
            }
            throw missing(yaml, entry, describe(entry), installPath);
        }
        // A local entry's name is only known from its own dbt_project.yml. When its path does not hold one (the
        // project was copied away from the package, as CI jobs do after `dbt deps`), dbt only checks that enough
        // folders are installed: each such entry takes one installed folder no other entry names.
        long unclaimed = packages.keySet().stream()
                .filter(name -> !claimed.contains(name))
                .count();
        if (unresolvedLocals.size() > unclaimed) {
            Map<?, ?> entry = unresolvedLocals.get((int) unclaimed);
            throw missing(yaml, entry, "local: " + entry.get("local"), installPath);
        }
    }

    /**
     * The folder name {@code dbt deps} would give an entry: the package's project name, which for hub and git entries
     * is, by the naming every published package follows, the last part of its address with dashes as underscores.
     */
    private static String expectedName(Map<?, ?> entry) {
        if (entry.get("name") != null) {
            return String.valueOf(entry.get("name"));
        }
        String address = String.valueOf(
                entry.get("package") != null
                        ? entry.get("package")
                        : entry.get("subdirectory") != null ? entry.get("subdirectory") : entry.get("git"));
        String last = address.replaceAll("/+$", "");
        last = last.substring(last.lastIndexOf('/') + 1).replaceAll("\\.git$", "");
        return last.replace('-', '_');
    }

    private static String describe(Map<?, ?> entry) {
        for (String key : List.of("package", "git", "tarball", "private")) {
            if (entry.get(key) != null) {
                return key + ": " + entry.get(key);
            }
        }
        return entry.toString();
    }

    private ProjectException missing(YamlFile yaml, Map<?, ?> entry, String what, String installPath) {
        return yaml.error(
                entry,
                ("package '%s' is not installed: no folder for it in %s/; run `dbt deps` in the project first"
                                + " (pgtrickle-test loads installed packages but does not download them)")
                        .formatted(what, installPath));
    }

    private static List<Path> installed(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(child -> Files.isRegularFile(child.resolve("dbt_project.yml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ProjectException("cannot list packages: " + e.getMessage(), dir, 0, e);
        }
    }

    private DbtPackage load(Path folder) {
        Path projectFile = folder.resolve("dbt_project.yml");
        YamlFile yaml = YamlFile.read(projectFile);
        if (!(yaml.root() instanceof Map<?, ?> settings) || settings.get("name") == null) {
            throw new ProjectException("a package's dbt_project.yml must have a 'name:'", projectFile, 1, null);
        }
        String name = String.valueOf(settings.get("name"));
        List<MacroFile> macros = new ArrayList<>();
        if (!name.equals(PGTRICKLE_PACKAGE)) {
            for (String dir : paths(settings.get("macro-paths"), "macros")) {
                sqlFiles(folder.resolve(dir)).forEach(file -> macros.add(macroFile(file)));
            }
            for (String dir : paths(settings.get("test-paths"), "tests")) {
                sqlFiles(folder.resolve(dir).resolve("generic")).forEach(file -> macros.add(macroFile(file)));
            }
        }
        return new DbtPackage(name, folder, macros);
    }

    private MacroFile macroFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Path shown = file.startsWith(root) ? root.relativize(file) : file;
            return new MacroFile(file, shown.toString().replace('\\', '/'), text);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ProjectException("cannot read as UTF-8: " + e.getMessage(), file, 0, e);
        }
    }

    private static List<String> paths(Object value, String fallback) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of(fallback) : List.of(String.valueOf(value));
    }

    private static List<Path> sqlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".sql"))
                    .filter(path -> !dir.relativize(path).toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ProjectException("cannot list files: " + e.getMessage(), dir, 0, e);
        }
    }
}
