package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.engine.BuildListener;
import org.apiguardian.api.API;

/**
 * Hears the upgrade check's progress: when each phase starts, each seed and model of both builds (as a
 * {@link BuildListener}), and each model's outcome. The command line prints a line for each.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface UpgradeListener extends BuildListener {

    /** A listener that ignores everything. */
    UpgradeListener NONE = outcome -> {};

    /** The phases of the check, in order. */
    enum Phase {
        /** The baseline version is seeded and run in a fresh database. */
        BASELINE,
        /** The current version is seeded and run over it. */
        CURRENT,
        /** Each model's path and each stream table's contents are checked. */
        CHECK
    }

    /** A phase starts; {@code description} says on what (the baseline's source, the project folder). */
    default void phaseStarted(Phase phase, String description) {}

    /** One model's outcome is known. */
    default void modelChecked(ModelUpgrade upgrade) {}
}
