package dev.pgtrickle.test.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code upgrade} command's own options (not settings of the key table: they mean nothing to the other commands or
 * to the JUnit extension, which has {@code UpgradeCheck} instead).
 *
 * @param baseline {@code --baseline DIR}: the baseline project's folder (absolute)
 * @param baselineRef {@code --baseline-ref GIT_REF}: the project folder at this ref of its repository
 * @param expectRecreate {@code --expect-recreate MODEL}, repeatable: these models must be RECREATED
 * @param failOnRecreate {@code --fail-on-recreate}: no other stream table may be RECREATED
 */
record UpgradeArguments(
        Optional<Path> baseline, Optional<String> baselineRef, List<String> expectRecreate, boolean failOnRecreate) {

    static final String BASELINE = "--baseline";
    static final String BASELINE_REF = "--baseline-ref";
    static final String EXPECT_RECREATE = "--expect-recreate";
    static final String FAIL_ON_RECREATE = "--fail-on-recreate";

    /** The options that take a value. */
    static final List<String> WITH_VALUE = List.of(BASELINE, BASELINE_REF, EXPECT_RECREATE);

    /** Every option of the command. */
    static final List<String> ALL = List.of(BASELINE, BASELINE_REF, EXPECT_RECREATE, FAIL_ON_RECREATE);

    static final UpgradeArguments NONE = new UpgradeArguments(Optional.empty(), Optional.empty(), List.of(), false);

    UpgradeArguments {
        expectRecreate = List.copyOf(expectRecreate);
    }

    /**
     * Check the options against the command: {@code upgrade} needs exactly one of {@code --baseline} and
     * {@code --baseline-ref}; {@code build}, {@code seed}, {@code run}, {@code test} and {@code ls} take one of them for
     * a {@code state:} selection (and need it then); the expectations belong to {@code upgrade} only.
     */
    void check(Command command, List<String> given, boolean stateSelection) {
        boolean slimCi = SLIM_CI.contains(command);
        for (String option : given) {
            boolean allowed = command == Command.UPGRADE
                    || (slimCi && stateSelection && (option.equals(BASELINE) || option.equals(BASELINE_REF)));
            if (!allowed) {
                throw new UsageException(
                        slimCi && (option.equals(BASELINE) || option.equals(BASELINE_REF))
                                ? "%s is for the upgrade command, or with a state: selection such as --select state:modified+"
                                        .formatted(option)
                                : "%s is an option of the upgrade command only; run pgtrickle-test upgrade %s ..."
                                        .formatted(option, option));
            }
        }
        if (command == Command.UPGRADE || (slimCi && stateSelection)) {
            if (baseline.isPresent() == baselineRef.isPresent()) {
                throw new UsageException(
                        command == Command.UPGRADE
                                ? "upgrade needs exactly one of --baseline DIR (a folder holding the baseline's dbt_project.yml) and --baseline-ref GIT_REF (the project folder at a branch, tag or commit)"
                                : "a state: selection compares with a baseline: give exactly one of --baseline DIR and --baseline-ref GIT_REF");
            }
        }
    }

    /** The commands that take a {@code state:} selection. */
    private static final java.util.Set<Command> SLIM_CI =
            java.util.EnumSet.of(Command.BUILD, Command.SEED, Command.RUN, Command.TEST, Command.LS);
}
