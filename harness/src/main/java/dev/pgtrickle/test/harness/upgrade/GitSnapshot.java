package dev.pgtrickle.test.harness.upgrade;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project folder as it was at a git ref, extracted with {@code git archive} into a folder: no worktree, nothing added
 * to the repository, nothing to clean up in it afterwards. Needs {@code git} and {@code tar} on the {@code PATH}.
 */
final class GitSnapshot {

    private GitSnapshot() {}

    /**
     * Extract {@code projectDir} at {@code ref} into {@code into}.
     *
     * @throws ProjectException when the folder is not in a git repository, the ref does not exist or the folder did
     *     not exist at that ref
     */
    static void extract(Path projectDir, String ref, Path into) {
        String root = git(projectDir, "rev-parse", "--show-toplevel")
                .orElseThrow(() -> new ProjectException(
                        "--baseline-ref %s: the project folder %s is not in a git repository; use --baseline DIR instead"
                                .formatted(ref, projectDir)));
        String prefix = git(projectDir, "rev-parse", "--show-prefix").orElse("");
        String commit = git(projectDir, "rev-parse", "--verify", "--quiet", ref + "^{commit}")
                .orElseThrow(() -> new ProjectException(
                        "--baseline-ref %s: no such git ref in the repository %s; name a branch, tag or commit that exists there (git log --oneline shows them)"
                                .formatted(ref, root)));
        String tree = commit + ":" + stripSlash(prefix);
        if (git(projectDir, "cat-file", "-e", tree).isEmpty()) {
            throw new ProjectException("--baseline-ref %s: the folder %s did not exist at that ref (commit %s)"
                    .formatted(ref, prefix.isEmpty() ? "." : stripSlash(prefix), commit.substring(0, 12)));
        }
        archive(Path.of(root), tree, into);
    }

    private static String stripSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static void archive(Path repository, String tree, Path into) {
        List<ProcessBuilder> pipeline = List.of(
                new ProcessBuilder("git", "-C", repository.toString(), "archive", "--format=tar", tree)
                        .redirectError(ProcessBuilder.Redirect.DISCARD),
                new ProcessBuilder("tar", "-x", "-C", into.toString()).redirectErrorStream(true));
        try {
            List<Process> processes = ProcessBuilder.startPipeline(pipeline);
            String tarOutput = read(processes.get(1).getInputStream());
            int git = processes.get(0).waitFor();
            int tar = processes.get(1).waitFor();
            if (git != 0 || tar != 0) {
                throw new IllegalStateException("could not extract %s into %s (git archive exit %d, tar exit %d) %s"
                        .formatted(tree, into, git, tar, tarOutput.strip()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not run git archive | tar to extract %s: %s (are git and tar on the PATH?)"
                            .formatted(tree, e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + tree, e);
        }
    }

    /** The trimmed output of a git command in {@code dir}, or empty when it fails (or git is missing). */
    private static java.util.Optional<String> git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String output = read(process.getInputStream());
            return process.waitFor() == 0 ? java.util.Optional.of(output.strip()) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("could not run git (is it on the PATH?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running git " + String.join(" ", args), e);
        }
    }

    private static String read(InputStream stream) throws IOException {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
