package dev.pgtrickle.test.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code pgtrickle-test:test}: builds what the dbt tests need in a fresh database, then runs the dbt tests; by default
 * in {@code verify}, so a module can run {@code build} on one project and {@code test} on another in one build.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class TestMojo extends DbtCommandMojo {

    @Override
    String command() {
        return "test";
    }
}
