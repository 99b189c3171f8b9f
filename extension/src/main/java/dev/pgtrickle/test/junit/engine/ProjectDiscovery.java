package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTest;
import dev.pgtrickle.test.harness.engine.ProjectBuild;
import dev.pgtrickle.test.harness.engine.ProjectCompilation;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.settings.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.ModuleSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/** Finds the dbt projects a discovery request asks for and lists their dbt tests (no database needed). */
final class ProjectDiscovery {

    private final EngineDiscoveryRequest request;
    private final UniqueId engineId;

    ProjectDiscovery(EngineDiscoveryRequest request, UniqueId engineId) {
        this.request = request;
        this.engineId = engineId;
    }

    TestDescriptor discover() {
        EngineDescriptor engine = new EngineDescriptor(engineId, "pgtrickle dbt");
        DbtEngineSettings settings;
        try {
            settings = DbtEngineSettings.from(request.getConfigurationParameters());
        } catch (ProjectException e) {
            return engine; // reported when executing
        }
        // project -> the only tests to keep (empty: all of them)
        Map<Path, Set<String>> projects = new LinkedHashMap<>();
        for (DirectorySelector selector : request.getSelectorsByType(DirectorySelector.class)) {
            Path dir = normalize(selector.getPath());
            if (Files.isRegularFile(dir.resolve("dbt_project.yml"))) {
                projects.put(dir, new LinkedHashSet<>());
            }
        }
        for (UniqueIdSelector selector : request.getSelectorsByType(UniqueIdSelector.class)) {
            selectByUniqueId(selector.getUniqueId(), projects);
        }
        boolean explicit = !request.getSelectorsByType(DirectorySelector.class).isEmpty()
                || !request.getSelectorsByType(UniqueIdSelector.class).isEmpty();
        if (!explicit && runsEverything()) {
            configuredProjects(settings).forEach(project -> projects.put(project, new LinkedHashSet<>()));
        }
        projects.forEach((project, onlyTests) -> engine.addChild(describe(project, onlyTests, settings)));
        return engine;
    }

    /**
     * A request that runs a whole test suite (not one method or one folder) also runs the configured projects, unless
     * {@link #runsConfiguredProjects} says no.
     */
    private boolean runsEverything() {
        String enabledKey = Setting.DBT_ENABLED.key();
        // The system property is read directly as well: test kits that turn implicit configuration off still see it.
        Optional<Boolean> enabled = request.getConfigurationParameters()
                .getBoolean(enabledKey)
                .or(() -> Optional.ofNullable(System.getProperty(enabledKey)).map(Boolean::parseBoolean));
        if (!runsConfiguredProjects(enabled, System.getProperty("test", ""))) {
            return false;
        }
        List<Class<? extends DiscoverySelector>> suiteSelectors =
                List.of(ClasspathRootSelector.class, PackageSelector.class, ClassSelector.class, ModuleSelector.class);
        return suiteSelectors.stream()
                .anyMatch(type -> !request.getSelectorsByType(type).isEmpty());
    }

    /**
     * Whether configured projects join a whole-suite run: {@code pgtrickle.dbt.enabled} decides when set; otherwise a
     * focused Surefire run ({@code -Dtest=...}, which Surefire hands to the test JVM as the system property
     * {@code test}) leaves them out unless one of its patterns names a dbt project class ({@code dbt.*},
     * {@code dbt.shop_analytics}), and every other run includes them.
     */
    static boolean runsConfiguredProjects(Optional<Boolean> enabled, String surefireTest) {
        if (enabled.isPresent()) {
            return enabled.get();
        }
        if (surefireTest.isBlank()) {
            return true;
        }
        return Arrays.stream(surefireTest.split(","))
                .map(String::strip)
                .anyMatch(pattern -> pattern.startsWith("dbt.") || pattern.startsWith("dbt*"));
    }

    private Set<Path> configuredProjects(DbtEngineSettings settings) {
        Set<Path> projects = new LinkedHashSet<>();
        if (!settings.projects().isEmpty()) {
            // Missing folders are kept: executing them reports the problem instead of silently running nothing.
            settings.projects().forEach(entry -> projects.add(normalize(Path.of(entry))));
            return projects;
        }
        Path root = normalize(Path.of(settings.projectsRoot()));
        if (Files.isDirectory(root)) {
            try (Stream<Path> children = Files.list(root)) {
                children.filter(dir -> Files.isRegularFile(dir.resolve("dbt_project.yml")))
                        .sorted()
                        .forEach(projects::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        return projects;
    }

    private void selectByUniqueId(UniqueId id, Map<Path, Set<String>> projects) {
        List<UniqueId.Segment> segments = id.getSegments();
        if (segments.size() < 2
                || !segments.get(0).getValue().equals(engineId.getLastSegment().getValue())
                || !segments.get(1).getType().equals(DbtProjectDescriptor.SEGMENT)) {
            return;
        }
        Path project = normalize(Path.of(segments.get(1).getValue()));
        Set<String> onlyTests = projects.computeIfAbsent(project, p -> new LinkedHashSet<>());
        if (segments.size() > 2 && segments.get(2).getType().equals(DbtNodeDescriptor.TEST)) {
            onlyTests.add(segments.get(2).getValue());
        }
    }

    private DbtProjectDescriptor describe(Path project, Set<String> onlyTests, DbtEngineSettings settings) {
        UniqueId projectId = engineId.append(DbtProjectDescriptor.SEGMENT, project.toString());
        if (!Files.isRegularFile(project.resolve("dbt_project.yml"))) {
            return new DbtProjectDescriptor(
                    projectId,
                    project,
                    Optional.of(new ProjectException(
                            "dbt project %s: no dbt_project.yml there; fix the path in %s (paths are relative to %s)"
                                    .formatted(project, Setting.PROJECTS.key(), normalize(Path.of(""))))));
        }
        List<DbtTest> tests;
        try {
            // Compiled and selected here, without a database, for every phase: a broken project or a selection
            // error is reported before any server starts.
            ProjectCompilation compilation = ProjectCompilation.of(settings.sessionOptions(project));
            compilation.selectedNodes();
            // Only the tests that go with the selection are discovered, so reports never list tests that did not run.
            tests = settings.phases().contains(ProjectBuild.Phase.TEST) ? compilation.selectedTests() : List.of();
        } catch (RuntimeException e) {
            return new DbtProjectDescriptor(projectId, project, Optional.of(e));
        }
        DbtProjectDescriptor descriptor = new DbtProjectDescriptor(projectId, project, Optional.empty());
        for (DbtTest test : settings.shard().of(tests)) {
            if (onlyTests.isEmpty() || onlyTests.contains(test.name())) {
                descriptor.addDiscoveredTest(DbtNodeDescriptor.forTest(projectId, test));
            }
        }
        return descriptor;
    }

    private static Path normalize(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
