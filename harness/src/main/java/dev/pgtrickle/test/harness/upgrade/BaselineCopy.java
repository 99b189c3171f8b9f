package dev.pgtrickle.test.harness.upgrade;

import dev.pgtrickle.test.harness.engine.SessionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline's files copied into a temporary folder named like the current project's folder, with the current
 * options pointed at it; closing it deletes the folder. The upgrade check builds there, and then puts the current
 * version's files over it; the {@code state:} selection only compiles there. The temporary folder is made in {@code
 * java.io.tmpdir} unless the caller names another parent (a test that checks nothing is left behind looks at a folder of
 * its own, not at the one every other run on the machine shares).
 */
final class BaselineCopy implements AutoCloseable {

    /** How the temporary folders' names begin. */
    static final String PREFIX = "pgtrickle-upgrade-";

    private final Path temporary;
    private final Path folder;
    private final SessionOptions options;

    private BaselineCopy(Path temporary, Path folder, SessionOptions options) {
        this.temporary = temporary;
        this.folder = folder;
        this.options = options;
    }

    /** {@code java.io.tmpdir}, where the temporary folder goes unless the caller names another. */
    static Path defaultParent() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Copy {@code baseline} into a new temporary folder in {@code parent}.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException when the baseline is not there (nothing left behind)
     */
    static BaselineCopy of(Baseline baseline, SessionOptions current, Path parent) {
        Path temporary;
        try {
            temporary = Files.createTempDirectory(parent, PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary folder for the baseline in " + parent, e);
        }
        try {
            Path folder = Files.createDirectories(
                    temporary.resolve(current.projectDir().getFileName().toString()));
            baseline.copyInto(folder);
            return new BaselineCopy(temporary, folder, inFolder(current, folder));
        } catch (IOException e) {
            ProjectFiles.deleteTree(temporary);
            throw new UncheckedIOException("could not prepare the baseline's folder in " + temporary, e);
        } catch (RuntimeException e) {
            ProjectFiles.deleteTree(temporary);
            throw e;
        }
    }

    /** The folder holding the baseline (and, once the upgrade check put them there, the current version's files). */
    Path folder() {
        return folder;
    }

    /**
     * The current options pointed at {@link #folder()} (relative setup scripts then resolve in it), never a full
     * refresh: the baseline is built as it was deployed.
     */
    SessionOptions options() {
        return options;
    }

    private static SessionOptions inFolder(SessionOptions current, Path folder) {
        return new SessionOptions(
                folder,
                current.server(),
                current.target(),
                current.vars(),
                current.env(),
                current.select(),
                current.exclude(),
                false,
                current.awaitTimeout(),
                current.setupScripts(),
                current.onQueryChange(),
                current.schedulerTick());
    }

    @Override
    public void close() {
        ProjectFiles.deleteTree(temporary);
    }
}
