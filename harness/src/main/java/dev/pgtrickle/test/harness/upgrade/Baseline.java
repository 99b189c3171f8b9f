package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where the baseline version of a project comes from: a folder holding it ({@code --baseline DIR}), or the project's own
 * folder at a git ref of its repository ({@code --baseline-ref GIT_REF}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public abstract sealed class Baseline {

    private Baseline() {}

    /**
     * The baseline in {@code folder}, which must hold a {@code dbt_project.yml}.
     *
     * @throws ProjectException naming the folder when it is not a dbt project
     */
    public static Baseline folder(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        requireDbtProject(absolute, "baseline folder " + absolute);
        return new Folder(absolute);
    }

    /**
     * The project folder {@code projectDir} as it was at {@code ref} ({@code main}, {@code v1.2}, a commit) in the git
     * repository that holds it; the ref is checked when the baseline is extracted.
     */
    public static Baseline gitRef(Path projectDir, String ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref.isBlank()) {
            throw new ProjectException("the baseline git ref is empty; name a branch, tag or commit, e.g. main");
        }
        return new GitRef(projectDir.toAbsolutePath().normalize(), ref.strip());
    }

    /** For messages and reports: {@code folder /path} or {@code git ref main of /repo (examples/x)}. */
    public abstract String describe();

    /**
     * Copy the baseline project's files (everything but {@code target/}, {@code logs/} and {@code .git}) into the
     * empty folder {@code into}.
     *
     * @throws ProjectException when the baseline is not there (unknown ref, no dbt project at that ref)
     */
    abstract void copyInto(Path into);

    static void requireDbtProject(Path folder, String what) {
        if (!Files.isDirectory(folder)) {
            throw new ProjectException(
                    "%s does not exist; give the folder that holds the baseline's dbt_project.yml".formatted(what));
        }
        if (!Files.isRegularFile(folder.resolve("dbt_project.yml"))) {
            throw new ProjectException(
                    "%s is not a dbt project: it has no dbt_project.yml; give the folder that holds the baseline's dbt_project.yml"
                            .formatted(what));
        }
    }

    /** A folder on disk. */
    static final class Folder extends Baseline {
        private final Path folder;

        Folder(Path folder) {
            this.folder = folder;
        }

        @Override
        public String describe() {
            return "folder " + folder;
        }

        @Override
        void copyInto(Path into) {
            ProjectFiles.copy(folder, into);
        }
    }

    /** The project folder at a git ref. */
    static final class GitRef extends Baseline {
        private final Path projectDir;
        private final String ref;

        GitRef(Path projectDir, String ref) {
            this.projectDir = projectDir;
            this.ref = ref;
        }

        @Override
        public String describe() {
            return "git ref " + ref + " of " + projectDir;
        }

        @Override
        void copyInto(Path into) {
            GitSnapshot.extract(projectDir, ref, into);
            requireDbtProject(into, "%s at git ref %s".formatted(projectDir, ref));
        }
    }
}
