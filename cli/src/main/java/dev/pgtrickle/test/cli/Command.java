package dev.pgtrickle.test.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The command-line commands. */
enum Command {
    BUILD("build", "seed, run, await stream tables, test: the main job"),
    SEED("seed", "load the seeds"),
    RUN("run", "seed, then materialize the selected models and await their stream tables"),
    TEST("test", "build what the tests need in a fresh database, then run the dbt tests"),
    SNAPSHOT(
            "snapshot",
            "build the selected snapshots (all when none is selected) and what they read, in a fresh database"),
    LS("ls", "list the selected models, snapshots, seeds and tests (no database)"),
    REFRESH("refresh", "build, then refresh the selected stream tables by hand"),
    FRESHNESS("freshness", "build, then check stream table freshness (fails above the error threshold)"),
    CDC_HEALTH("cdc-health", "build, then check change capture health (fails on alerts)"),
    DROP_ALL("drop-all", "build, then drop every stream table the project manages"),
    UPGRADE("upgrade", "build the --baseline version, apply this one over it, report each model's path");

    private final String word;
    private final String description;

    Command(String word, String description) {
        this.word = word;
        this.description = description;
    }

    String word() {
        return word;
    }

    String description() {
        return description;
    }

    static Optional<Command> find(String word) {
        return Arrays.stream(values())
                .filter(command -> command.word.equals(word.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    static String words() {
        return Arrays.stream(values()).map(Command::word).collect(Collectors.joining(", "));
    }
}
