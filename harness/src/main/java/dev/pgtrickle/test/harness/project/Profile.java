package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One profile of a {@code profiles.yml} (for a project, the one next to {@code dbt_project.yml}; the harness never reads
 * {@code ~/.dbt} unless told to). Its outputs are rendered only when {@link #target} asks for one, as dbt renders only
 * the target it uses.
 */
public final class Profile {

    private final String name;
    private final String defaultTarget;
    private final Set<String> outputNames;
    private final Path file;
    private final Function<String, ProfileTarget> render;
    /** The outputs rendered so far: loading a project and compiling it both ask for the target. */
    private final Map<String, ProfileTarget> rendered = new ConcurrentHashMap<>();

    /**
     * @param name the profile name
     * @param defaultTarget the profile's {@code target}, {@code default} when absent
     * @param outputNames the outputs' names, in file order
     * @param file the profiles file
     * @param render renders the output of a given name
     */
    Profile(
            String name,
            String defaultTarget,
            Set<String> outputNames,
            Path file,
            Function<String, ProfileTarget> render) {
        this.name = name;
        this.defaultTarget = defaultTarget;
        this.outputNames = Collections.unmodifiableSet(new LinkedHashSet<>(outputNames));
        this.file = file;
        this.render = render;
    }

    /** The profile name. */
    public String name() {
        return name;
    }

    /** The profile's {@code target}, {@code default} when absent. */
    public String defaultTarget() {
        return defaultTarget;
    }

    /** The outputs' names, in file order. */
    public Set<String> outputNames() {
        return outputNames;
    }

    /** The profiles file. */
    public Path file() {
        return file;
    }

    /**
     * The output called {@code targetName} (the default target when empty), rendered when first asked for (with the
     * environment the profile was read with); empty when there is no such output.
     *
     * @throws ProjectException naming file, line, target and key when a value of that output cannot be rendered
     */
    public Optional<ProfileTarget> target(Optional<String> targetName) {
        String wanted = targetName.orElse(defaultTarget);
        return outputNames.contains(wanted) ? Optional.of(rendered.computeIfAbsent(wanted, render)) : Optional.empty();
    }
}
