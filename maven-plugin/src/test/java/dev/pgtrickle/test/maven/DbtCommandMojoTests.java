package dev.pgtrickle.test.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.settings.Setting;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The goals' parameters are the command line's options under the settings table's keys, and the command line's own
 * messages fail the goal. The successful build of a real project runs in the examples module (its pom uses the goal).
 */
class DbtCommandMojoTests {

    @TempDir
    Path temp;

    @Test
    void everyCommandLineOptionIsAParameterReadFromItsSettingKey() throws Exception {
        // The descriptor maven-plugin-plugin generated from the annotations: what Maven really reads.
        File descriptor = new File("target/classes/META-INF/maven/plugin.xml");
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor);
        NodeList mojos = document.getElementsByTagName("mojo");
        assertThat(mojos.getLength()).isEqualTo(2);
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            Map<String, String> expressions = new HashMap<>();
            NodeList configuration =
                    ((Element) mojo.getElementsByTagName("configuration").item(0)).getChildNodes();
            for (int j = 0; j < configuration.getLength(); j++) {
                if (configuration.item(j) instanceof Element parameter) {
                    expressions.put(parameter.getTagName(), parameter.getTextContent());
                }
            }
            for (Setting setting : Setting.values()) {
                if (setting.cliOption().isPresent()) {
                    assertThat(expressions)
                            .as(
                                    "goal %s: parameter for %s",
                                    goal(mojo), setting.cliOption().get())
                            .containsEntry(DbtCommandMojo.parameterName(setting), "${" + setting.key() + "}");
                }
            }
        }
    }

    @Test
    void parametersBecomeTheCommandLinesOptions() {
        BuildMojo mojo = new BuildMojo();
        mojo.project = new File("/work/dbt/shop");
        mojo.select = "orders+ tag:daily";
        mojo.fullRefresh = true;
        mojo.backend = " ";
        mojo.setupScripts = List.of("setup/a.sql", "setup/b.sql");
        mojo.targetPath = new File("/work/target/reports");

        assertThat(mojo.arguments())
                .containsExactly(
                        "build",
                        "--project",
                        "/work/dbt/shop",
                        "--select",
                        "orders+ tag:daily",
                        "--full-refresh",
                        "--setup-script",
                        "setup/a.sql",
                        "--setup-script",
                        "setup/b.sql",
                        "--target-path",
                        "/work/target/reports");
    }

    @Test
    void settingsOutsideTheTableOrWithAParameterAreRefused() {
        BuildMojo mojo = new BuildMojo();
        mojo.settings = Map.of("pgtrickle.await-timout", "2m");
        assertThatThrownBy(mojo::forwardedSettings)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessage(
                        "<settings><pgtrickle.await-timout>: not a pgtrickle-test setting; docs/configuration.md lists the keys, e.g. pgtrickle.await-timeout");

        mojo.settings = Map.of("pgtrickle.full-refresh", "true");
        assertThatThrownBy(mojo::forwardedSettings)
                .hasMessage(
                        "<settings><pgtrickle.full-refresh>: use the parameter for --full-refresh instead (<fullRefresh>)");
    }

    @Test
    void settingsOfTheTableGoToTheCommandLinesJvm() throws Exception {
        BuildMojo mojo = new BuildMojo();
        mojo.settings = Map.of("pgtrickle.await-timeout", "2m", "pgtrickle.setup-scripts.shop", "setup/a.sql");
        assertThat(mojo.forwardedSettings())
                .containsEntry("pgtrickle.await-timeout", "2m")
                .containsEntry("pgtrickle.setup-scripts.shop", "setup/a.sql");
    }

    @Test
    void aProjectErrorFailsTheGoalWithTheCommandLinesMessage() {
        TestMojo mojo = runnable(temp);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("pgtrickle-test: --project %s: no dbt_project.yml there; pass the folder that holds"
                                .formatted(temp)
                        + " dbt_project.yml (default: the current folder)");
    }

    @Test
    void skipTestsSkipsTheGoal() throws Exception {
        TestMojo mojo = runnable(temp.resolve("missing"));
        mojo.skipTests = true;
        mojo.execute(); // the missing project would fail it
        assertThat(Files.exists(temp.resolve("reports"))).isFalse();
    }

    /** A goal as Maven sets it up, running the command line on this test's own class path. */
    private TestMojo runnable(Path project) {
        TestMojo mojo = new TestMojo() {
            @Override
            List<Path> classPath() {
                return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(Path::of)
                        .toList();
            }
        };
        mojo.project = project.toFile();
        mojo.basedir = temp.toFile();
        mojo.targetPath = temp.resolve("reports").toFile();
        return mojo;
    }

    private static String goal(Element mojo) {
        return mojo.getElementsByTagName("goal").item(0).getTextContent();
    }
}
