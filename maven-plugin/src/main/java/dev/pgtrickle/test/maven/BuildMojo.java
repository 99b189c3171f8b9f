package dev.pgtrickle.test.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code pgtrickle-test:build}: the command line's main job (seed, run, await stream tables, test) on a dbt project,
 * by default in {@code integration-test}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class BuildMojo extends DbtCommandMojo {

    @Override
    String command() {
        return "build";
    }
}
