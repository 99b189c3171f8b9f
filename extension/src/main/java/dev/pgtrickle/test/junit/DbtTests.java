package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Runs the project's own dbt tests before the first test, when {@code runDbtTests} asks for it. */
final class DbtTests {

    private DbtTests() {}

    static void runOrFail(ProjectSession session, String owner) {
        throw new ExtensionConfigurationException(
                "%s: runDbtTests is not supported by this version of the engine; run the project's dbt tests with the"
                                .formatted(owner)
                        + " dbt-tests engine (see docs/dbt-tests.md) and leave runDbtTests unset");
    }
}
