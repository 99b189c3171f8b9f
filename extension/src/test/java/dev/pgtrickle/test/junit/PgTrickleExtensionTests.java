package dev.pgtrickle.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("@PgTrickleProject lifecycle, configuration and injection")
class PgTrickleExtensionTests {

    static final String TINY = "src/test/projects/tiny";

    /** What fixtures saw, keyed by what they are: fixture class names, "outer", "inner", ... */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @BeforeEach
    void forgetWhatFixturesSaw() {
        SEEN.clear();
    }

    static String currentDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Nested
    @DisplayName("lifecycle")
    class Lifecycle {

        @Test
        void injectsConnectionDataSourceAndPgTrickleInfoForTheClassDatabase() throws SQLException {
            EngineExecutionResults results = EngineRuns.execute(HappyPathTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
            assertThat(SEEN.get("connection")).startsWith("pgt_tiny_");
            assertThat(SEEN.get("dataSource")).isEqualTo(SEEN.get("connection"));
            assertThat(SEEN.get("pgTrickle")).isEqualTo("emulated=true");
        }

        @Test
        void dropsTheDatabaseAfterTheClass() throws SQLException {
            EngineRuns.execute(HappyPathTestCase.class);

            assertThat(SEEN.get("connection")).isNotNull();
            assertThat(ServerDatabases.exists(SEEN.get("connection"))).isFalse();
        }

        @Test
        void dropsTheDatabaseAlsoWhenTestsFail() throws SQLException {
            EngineExecutionResults results = EngineRuns.execute(FailingTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
            assertThat(SEEN.get("failing")).startsWith("pgt_tiny_");
            assertThat(ServerDatabases.exists(SEEN.get("failing"))).isFalse();
        }

        @Test
        void closesInjectedConnectionsAfterEachTest() {
            EngineRuns.execute(ConnectionKeeperTestCase.class);

            assertThat(ConnectionKeeperTestCase.kept).isNotNull();
            assertThat(ConnectionKeeperTestCase.kept)
                    .satisfies(connection -> assertThat(connection.isClosed()).isTrue());
        }

        @Test
        void runsSetupScriptsBeforeTheTests() {
            EngineExecutionResults results = EngineRuns.execute(SetupScriptTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(SEEN.get("audit")).isEqualTo("created by setup script");
        }

        @Test
        void givesParallelClassesTheirOwnDatabases() {
            // Both classes wait for each other at a barrier: the run only succeeds if they really ran at once.
            ParallelOneTestCase.barrier = new CyclicBarrier(2);
            EngineExecutionResults results = EngineRuns.executeAll(
                    List.of(ParallelOneTestCase.class, ParallelTwoTestCase.class),
                    Map.of(
                            "junit.jupiter.execution.parallel.enabled", "true",
                            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                            "junit.jupiter.execution.parallel.config.strategy", "fixed",
                            "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"));

            results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
            assertThat(SEEN.get("parallelOne")).startsWith("pgt_tiny_").isNotEqualTo(SEEN.get("parallelTwo"));
        }
    }

    @Nested
    @DisplayName("@Nested classes, inheritance and meta-annotations")
    class Composition {

        @Test
        void nestedClassWithoutItsOwnAnnotationSharesTheOuterDatabase() {
            EngineExecutionResults results = EngineRuns.execute(OuterTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
            assertThat(SEEN.get("inner")).isEqualTo(SEEN.get("outer"));
        }

        @Test
        void nestedClassWithItsOwnAnnotationGetsItsOwnDatabase() {
            EngineRuns.execute(OuterTestCase.class);

            assertThat(SEEN.get("ownInner")).startsWith("pgt_tiny_").isNotEqualTo(SEEN.get("outer"));
        }

        @Test
        void worksAsAMetaAnnotation() {
            EngineExecutionResults results = EngineRuns.execute(MetaAnnotatedTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(SEEN.get("meta")).startsWith("pgt_tiny_");
        }

        @Test
        void isInheritedBySubclasses() {
            EngineExecutionResults results = EngineRuns.execute(SubclassTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(SEEN.get("inherited")).startsWith("pgt_tiny_");
        }

        @Test
        void nestedClassWithItsOwnRegisteredExtensionGetsItsOwnDatabase() {
            EngineExecutionResults results = EngineRuns.execute(OuterWithBuilderInsideTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
            assertThat(SEEN.get("builderInner")).startsWith("pgt_tiny_").isNotEqualTo(SEEN.get("builderOuter"));
            assertThat(SEEN.get("plainInner")).isEqualTo(SEEN.get("builderOuter"));
        }

        @Test
        void canBeRegisteredWithTheBuilder() {
            EngineExecutionResults results = EngineRuns.execute(BuilderTestCase.class);

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(SEEN.get("builder")).startsWith("pgt_tiny_");
        }
    }

    @Nested
    @DisplayName("configuration precedence")
    class Precedence {

        @Test
        void plainExtendWithTakesTheProjectFromConfigurationParameters() {
            EngineExecutionResults results =
                    EngineRuns.execute(PlainExtendWithTestCase.class, Map.of("pgtrickle.project", TINY));

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        }

        @Test
        void annotationAttributeWinsOverConfigurationParameter() {
            EngineExecutionResults results = EngineRuns.execute(
                    AnnotatedTimeoutTestCase.class, Map.of("pgtrickle.await-timeout", "not a duration"));

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        }

        @Test
        void configurationParameterIsUsedWhenTheAnnotationLeavesItUnset() {
            EngineExecutionResults results =
                    EngineRuns.execute(HappyPathTestCase.class, Map.of("pgtrickle.await-timeout", "not a duration"));

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: await timeout 'not a duration' (configuration parameter"
                                    .formatted(HappyPathTestCase.class.getName())
                            + " 'pgtrickle.await-timeout') is not a positive duration; write it like 500ms, 60s, 2m, 1h"
                            + " or as an ISO-8601 duration such as PT1M");
        }

        @Test
        void varsFromTheAnnotationReachTheProject() {
            EngineExecutionResults results =
                    EngineRuns.execute(VarsTestCase.class, Map.of("pgtrickle.vars", "min_amount=8"));

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(SEEN.get("bigOrders")).isEqualTo("2");
        }

        @Test
        void varsFromConfigurationParametersReachTheProject() {
            EngineExecutionResults results =
                    EngineRuns.execute(ConnectionKeeperTestCase.class, Map.of("pgtrickle.vars", "min_amount=8"));

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(SEEN.get("bigOrders")).isEqualTo("1");
        }

        @Test
        void builderWinsOverConfigurationParameter() {
            EngineExecutionResults results =
                    EngineRuns.execute(BuilderTestCase.class, Map.of("pgtrickle.project", "does/not/exist"));

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        }
    }

    @Nested
    @DisplayName("misuse")
    class Misuse {

        @Test
        void missingProjectDirectory() throws SQLException {
            List<String> databasesBefore = ServerDatabases.named("pgt_");

            EngineExecutionResults results = EngineRuns.execute(MissingProjectTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: project directory 'src/test/projects/missing' (attribute"
                                    .formatted(MissingProjectTestCase.class.getName())
                            + " 'path') does not exist; looked at %s; give the directory that holds dbt_project.yml,"
                                    .formatted(absolute("src/test/projects/missing"))
                            + " relative to the working directory %s or absolute".formatted(absolute("")));
            assertThat(ServerDatabases.named("pgt_")).isEqualTo(databasesBefore);
        }

        @Test
        void directoryWithoutDbtProjectFile() {
            EngineExecutionResults results = EngineRuns.execute(NoProjectFileTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: project directory 'src/test/projects/no_project_file'"
                                    .formatted(NoProjectFileTestCase.class.getName())
                            + " (attribute 'path') has no dbt_project.yml; expected it at %s; point it at the"
                                    .formatted(absolute("src/test/projects/no_project_file/dbt_project.yml"))
                            + " directory that holds dbt_project.yml");
        }

        @Test
        void noProjectConfiguredAtAll() {
            EngineExecutionResults results = EngineRuns.execute(PlainExtendWithTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@ExtendWith(PgTrickleExtension.class) on %s: no dbt project configured; set"
                                    .formatted(PlainExtendWithTestCase.class.getName())
                            + " @PgTrickleProject(path = \"...\"), the configuration parameter 'pgtrickle.project', or"
                            + " PgTrickleExtension.builder().project(...)");
        }

        @Test
        void unknownTargetIsReportedBeforeADatabaseIsCreated() {
            EngineExecutionResults results = EngineRuns.execute(UnknownTargetTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageStartingWith("@PgTrickleProject on %s: the dbt project in %s cannot be used: "
                            .formatted(UnknownTargetTestCase.class.getName(), absolute(TINY)))
                    .hasMessageContaining("prod");
        }

        @Test
        void unknownBackend() {
            EngineExecutionResults results = EngineRuns.execute(BadBackendTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: attribute 'backend': unknown backend 'docker'; use one of"
                                    .formatted(BadBackendTestCase.class.getName())
                            + " auto, embedded, container, external");
        }

        @Test
        void bothBackendAttributes() {
            EngineExecutionResults results = EngineRuns.execute(BothBackendsTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: attribute 'server' (CONTAINER) and attribute 'backend'"
                                    .formatted(BothBackendsTestCase.class.getName())
                            + " ('embedded') both choose the backend; set only one of them; server ="
                            + " Backend.CONTAINER is the typed form");
        }

        @Test
        void badAwaitTimeout() {
            EngineExecutionResults results = EngineRuns.execute(BadDurationTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: await timeout '1 minute' (attribute 'awaitTimeout') is not"
                                    .formatted(BadDurationTestCase.class.getName())
                            + " a positive duration; write it like 500ms, 60s, 2m, 1h or as an ISO-8601 duration such"
                            + " as PT1M");
        }

        @Test
        void variableThatIsNotAKeyValuePair() {
            EngineExecutionResults results = EngineRuns.execute(BadVariableTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: variable 'region' (attribute 'vars') is not a key=value"
                                    .formatted(BadVariableTestCase.class.getName())
                            + " pair; write each variable as \"key=value\"");
        }

        @Test
        void missingSetupScript() {
            EngineExecutionResults results = EngineRuns.execute(MissingSetupScriptTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@PgTrickleProject on %s: setup script 'setup/missing.sql' (attribute 'setupScripts')"
                                    .formatted(MissingSetupScriptTestCase.class.getName())
                            + " does not exist; looked at %s; give SQL files relative to the project directory %s or"
                                    .formatted(absolute(TINY + "/setup/missing.sql"), absolute(TINY))
                            + " absolute");
        }

        @Test
        void builderMisconfigurationNamesTheBuilderMethod() {
            EngineExecutionResults results = EngineRuns.execute(BadBuilderTestCase.class);

            assertThat(EngineRuns.singleContainerFailure(results))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("PgTrickleExtension.builder() on %s: await timeout 'soon' (builder method"
                                    .formatted(BadBuilderTestCase.class.getName())
                            + " awaitTimeout(...)) is not a positive duration; write it like 500ms, 60s, 2m, 1h or as"
                            + " an ISO-8601 duration such as PT1M");
        }
    }

    static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    // ---- fixtures, run only through EngineTestKit ----

    @PgTrickleProject(path = TINY)
    static class HappyPathTestCase {

        @Test
        void connection(Connection connection) throws SQLException {
            SEEN.put("connection", currentDatabase(connection));
        }

        @Test
        void dataSource(DataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection()) {
                SEEN.put("dataSource", currentDatabase(connection));
            }
        }

        @Test
        void pgTrickle(PgTrickleInfo info) {
            SEEN.put("pgTrickle", "emulated=" + info.emulated());
        }
    }

    @PgTrickleProject(path = TINY)
    static class FailingTestCase {

        @Test
        void fails(Connection connection) throws SQLException {
            SEEN.put("failing", currentDatabase(connection));
            throw new AssertionError("this test fails on purpose");
        }
    }

    @PgTrickleProject(path = TINY)
    static class ConnectionKeeperTestCase {
        static Connection kept;

        @Test
        void keeps(Connection connection) throws SQLException {
            kept = connection;
            SEEN.put("bigOrders", bigOrders(connection));
        }
    }

    @PgTrickleProject(path = TINY, vars = "min_amount=6")
    static class VarsTestCase {

        @Test
        void bigOrders(Connection connection) throws SQLException {
            SEEN.put("bigOrders", PgTrickleExtensionTests.bigOrders(connection));
        }
    }

    @PgTrickleProject(path = TINY, target = "prod")
    static class UnknownTargetTestCase {

        @Test
        void neverRuns() {}
    }

    static String bigOrders(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM big_orders")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @PgTrickleProject(path = TINY, setupScripts = "setup/create_audit.sql")
    static class SetupScriptTestCase {

        @Test
        void sourceTableExists(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT note FROM audit_log WHERE id = 1")) {
                rows.next();
                SEEN.put("audit", rows.getString(1));
            }
        }
    }

    @PgTrickleProject(path = TINY)
    static class ParallelOneTestCase {
        static CyclicBarrier barrier;

        @Test
        void meetsTheOtherClass(Connection connection) throws Exception {
            SEEN.put("parallelOne", currentDatabase(connection));
            barrier.await(120, TimeUnit.SECONDS);
        }
    }

    @PgTrickleProject(path = TINY)
    static class ParallelTwoTestCase {

        @Test
        void meetsTheOtherClass(Connection connection) throws Exception {
            SEEN.put("parallelTwo", currentDatabase(connection));
            ParallelOneTestCase.barrier.await(120, TimeUnit.SECONDS);
        }
    }

    @PgTrickleProject(path = TINY)
    static class OuterTestCase {

        @Test
        void outer(Connection connection) throws SQLException {
            SEEN.put("outer", currentDatabase(connection));
        }

        @Nested
        class Inner {
            @Test
            void inner(Connection connection) throws SQLException {
                SEEN.put("inner", currentDatabase(connection));
            }
        }

        @Nested
        @PgTrickleProject(path = TINY)
        class OwnInner {
            @Test
            void ownInner(Connection connection) throws SQLException {
                SEEN.put("ownInner", currentDatabase(connection));
            }
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @PgTrickleProject(path = TINY)
    @interface TinyProject {}

    @TinyProject
    static class MetaAnnotatedTestCase {

        @Test
        void meta(Connection connection) throws SQLException {
            SEEN.put("meta", currentDatabase(connection));
        }
    }

    @PgTrickleProject(path = TINY)
    abstract static class AnnotatedBase {}

    static class SubclassTestCase extends AnnotatedBase {

        @Test
        void inherited(Connection connection) throws SQLException {
            SEEN.put("inherited", currentDatabase(connection));
        }
    }

    static class BuilderTestCase {

        @RegisterExtension
        static final PgTrickleExtension PROJECT =
                PgTrickleExtension.builder().project(TINY).awaitTimeout("30s").build();

        @Test
        void builder(Connection connection) throws SQLException {
            SEEN.put("builder", currentDatabase(connection));
        }
    }

    @PgTrickleProject(path = TINY)
    static class OuterWithBuilderInsideTestCase {

        @Test
        void outer(Connection connection) throws SQLException {
            SEEN.put("builderOuter", currentDatabase(connection));
        }

        @Nested
        class WithItsOwnBuilder {
            @RegisterExtension
            static final PgTrickleExtension INNER =
                    PgTrickleExtension.builder().project(TINY).build();

            @Test
            void inner(Connection connection) throws SQLException {
                SEEN.put("builderInner", currentDatabase(connection));
            }
        }

        @Nested
        class Plain {
            @Test
            void inner(Connection connection) throws SQLException {
                SEEN.put("plainInner", currentDatabase(connection));
            }
        }
    }

    static class BadBuilderTestCase {

        @RegisterExtension
        static final PgTrickleExtension PROJECT =
                PgTrickleExtension.builder().project(TINY).awaitTimeout("soon").build();

        @Test
        void neverRuns() {}
    }

    @ExtendWith(PgTrickleExtension.class)
    static class PlainExtendWithTestCase {

        @Test
        void plain(Connection connection) throws SQLException {
            SEEN.put("plain", currentDatabase(connection));
        }
    }

    @PgTrickleProject(path = TINY, awaitTimeout = "30s")
    static class AnnotatedTimeoutTestCase {

        @Test
        void runs() {}
    }

    @PgTrickleProject(path = "src/test/projects/missing")
    static class MissingProjectTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = "src/test/projects/no_project_file")
    static class NoProjectFileTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = TINY, server = Backend.CONTAINER, backend = "embedded")
    static class BothBackendsTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = TINY, backend = "docker")
    static class BadBackendTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = TINY, awaitTimeout = "1 minute")
    static class BadDurationTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = TINY, vars = "region")
    static class BadVariableTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = TINY, setupScripts = "setup/missing.sql")
    static class MissingSetupScriptTestCase {

        @Test
        void neverRuns() {}
    }
}
