package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.assertj.PgTrickleSoftAssertions;
import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.engine.ProjectHandle;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import dev.pgtrickle.test.junit.DbtTests;
import dev.pgtrickle.test.junit.PgTrickleExtension;
import dev.pgtrickle.test.junit.PgTrickleProject;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import dev.pgtrickle.test.junit.StreamTableName;
import dev.pgtrickle.test.junit.Toggle;
import dev.pgtrickle.test.junit.engine.DbtTestEngine;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Guards the public API users write against, as README.md, docs/user-guide.md and docs/assertions.md show it: each
 * public user-facing type and method is called here the way the docs call it, with declared result types, so a rename,
 * a moved type or a changed signature breaks this module's build. Every call is also checked against the order_totals
 * project, so the old spellings keep their meaning too: {@code state.status()} still reads {@code "ACTIVE"}, and the
 * {@code String} overloads ({@code hasStatus("ACTIVE")}) agree with the typed ones ({@code
 * hasStatus(StreamTableStatus.ACTIVE)}).
 *
 * <p>When a method here is deprecated on purpose, keep the call and add {@code @SuppressWarnings("deprecation")} to
 * the test method: users' code still calls it.
 */
@PgTrickleProject(path = "projects/order_totals", awaitTimeout = "90s", runDbtTests = Toggle.DISABLED)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("public API, as the docs show it")
class PublicApiTests {

    private static final String TOTALS = "order_totals";

    @Test
    @Order(1)
    @DisplayName("run results: text and typed materialization, assertions on runs and models")
    void runResults(RunResults run) {
        ModelRunResult totals = run.result(TOTALS);
        assertThat(totals.materialization()).isEqualTo("stream_table");
        assertThat(totals.typedMaterialization()).isEqualTo(Materialization.STREAM_TABLE);
        assertThat(totals.recreateReason()).isEmpty();
        assertThat(run.hasFailures()).isFalse();
        assertThat(run.results()).extracting(ModelRunResult::model).contains(TOTALS);

        assertThat(run).hasNoFailures();
        assertThat(run).model(TOTALS).wasCreated();
        assertThat(totals).wasCreated();
    }

    @Test
    @Order(2)
    @DisplayName("state: status and refresh mode read as text and typed")
    void state(@StreamTableName(TOTALS) StreamTable orderTotals) {
        StreamTableState state = orderTotals.state();

        // Code written before the enums compares text: it must stay true.
        assertThat(state.status().equals("ACTIVE")).isTrue();
        assertThat(state.refreshMode()).isEqualTo("DIFFERENTIAL");
        assertThat(state.typedStatus()).isEqualTo(StreamTableStatus.ACTIVE);
        assertThat(state.typedRefreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(state.active()).isTrue();
        assertThat(state.broken()).isFalse();
        assertThat(state.populated()).isTrue();
        assertThat(state.consecutiveErrors()).isZero();
        assertThat(state.schedule()).contains("1m");
        assertThat(state.qualifiedName()).isEqualTo("public.order_totals");
        Instant observedAt = state.observedAt();
        assertThat(observedAt).isNotNull();
    }

    @Test
    @Order(3)
    @DisplayName("status and refresh mode assertions: String and enum overloads agree")
    void statusAndRefreshModeOverloads(@StreamTableName(TOTALS) StreamTable orderTotals) {
        assertThat(orderTotals)
                .isPopulated()
                .isActive()
                .hasStatus("ACTIVE")
                .hasStatus("active")
                .hasStatus(StreamTableStatus.ACTIVE)
                .hasRefreshMode("DIFFERENTIAL")
                .hasRefreshMode(RefreshMode.DIFFERENTIAL)
                .hasSchedule("1m")
                .hasNoConsecutiveErrors()
                .hasConsecutiveErrorsAtMost(0);

        String expectedFailure = "to have status:%n  SUSPENDED%nbut had:%n  ACTIVE".formatted();
        assertThatThrownBy(() -> assertThat(orderTotals).hasStatus("SUSPENDED"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(expectedFailure);
        assertThatThrownBy(() -> assertThat(orderTotals).hasStatus(StreamTableStatus.SUSPENDED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(expectedFailure);
        assertThatThrownBy(() -> assertThat(orderTotals).hasRefreshMode(RefreshMode.FULL))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DIFFERENTIAL");
        assertThatThrownBy(() -> assertThat(orderTotals).hasStatus("PAUSED"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use hasStatus(\"SUSPENDED\")");
    }

    @Test
    @Order(4)
    @DisplayName("contents, totals and rows")
    void contents(@StreamTableName(TOTALS) StreamTable orderTotals) {
        assertThat(orderTotals)
                .hasRowCount(4)
                .hasSum("order_count", 10)
                .hasSum("total_amount", "441.97")
                .hasCount("*", 4)
                .hasMin("customer_id", 100)
                .hasMax("customer_id", 103)
                .hasTotalsOf(Orders.TOTALS_FROM_SOURCE)
                .containsExactlyInAnyOrder(
                        Row.of(100, "161.99", 4),
                        Row.of(101, "110.00", 3),
                        Row.of(102, "149.99", 2),
                        Row.of(103, "19.99", 1))
                .containsExactlyInAnyOrder(List.of(
                        List.of(100, new BigDecimal("161.99"), 4),
                        List.of(101, new BigDecimal("110.00"), 3),
                        List.of(102, new BigDecimal("149.99"), 2),
                        List.of(103, new BigDecimal("19.99"), 1)))
                .matchesDefiningQuery();
        assertThat(orderTotals).total("total_amount").isEqualByComparingTo("441.97");

        List<String> columns = orderTotals.columns();
        assertThat(columns).containsExactly("customer_id", "total_amount", "order_count");
        long rowCount = orderTotals.rowCount();
        List<Row> rows = orderTotals.rows();
        BigDecimal sum = orderTotals.sum("total_amount");
        assertThat(rows).hasSize((int) rowCount);
        assertThat(sum).isEqualByComparingTo("441.97");
        assertThat(orderTotals.count("*")).isEqualTo(4);
        assertThat(orderTotals.query("SELECT 1 AS one").rows()).containsExactly(Row.of(1));
    }

    @Test
    @Order(5)
    @DisplayName("waiting: a manual refresh, then the waiter and eventually()")
    void waiting(@StreamTableName(TOTALS) StreamTable orderTotals) {
        Instant before = orderTotals.state().observedAt();
        orderTotals.refresh();

        StreamTableWaiter waiter = StreamTableWaiter.withTimeout(Duration.ofSeconds(30));
        List<StreamTableState> populated = waiter.awaitPopulated(List.of(orderTotals));
        StreamTableState refreshed = waiter.awaitRefreshAfter(orderTotals, before);
        StreamTableState healthy =
                waiter.awaitState(orderTotals, "has no errors", state -> state.consecutiveErrors() == 0);
        waiter.awaitAsserted(
                orderTotals, "has 4 rows", () -> assertThat(orderTotals).hasRowCount(4));

        assertThat(populated)
                .singleElement()
                .extracting(StreamTableState::populated)
                .isEqualTo(true);
        assertThat(refreshed.lastRefreshAt())
                .hasValueSatisfying(at -> assertThat(at).isAfter(before));
        assertThat(healthy.typedStatus()).isEqualTo(StreamTableStatus.ACTIVE);
        assertThat(orderTotals).isFresh().hasStalenessAtMost(Duration.ofMinutes(5));
        assertThat(orderTotals).eventually().hasStatus(StreamTableStatus.ACTIVE).hasRowCount(4);
        assertThat(orderTotals).eventually(Duration.ofSeconds(10)).hasStatus("ACTIVE");
        assertThat(StreamTableWaiter.DEFAULT_TIMEOUT).isPositive();
    }

    @Test
    @Order(6)
    @DisplayName("soft assertions take the same overloads")
    void softAssertions(@StreamTableName(TOTALS) StreamTable orderTotals, RunResults run) {
        PgTrickleSoftAssertions softly = new PgTrickleSoftAssertions();
        softly.assertThat(orderTotals).isPopulated().hasStatus(StreamTableStatus.ACTIVE);
        softly.assertThat(orderTotals).hasStatus("SUSPENDED").hasRefreshMode(RefreshMode.FULL);
        softly.assertThat(run.result(TOTALS)).wasCreated();

        assertThat(softly.errorsCollected()).hasSize(2);
    }

    @Test
    @Order(7)
    @DisplayName("the project handle: runs, overrides, full refresh and the environment")
    @SuppressWarnings("deprecation") // lastRun() and overrideConfig(...): users' code still calls them
    void handle(PgTrickleProjectHandle project, PgTrickleInfo pgTrickle) throws SQLException {
        RunResults rerun = project.run();
        assertThat(rerun).model(TOTALS).wasUnchanged();
        assertThat(project.lastRun()).isSameAs(rerun);
        assertThat(project.lastRunResults()).containsSame(rerun);

        RunResults altered = project.overrideConfig(TOTALS, "schedule", "5m").run(TOTALS);
        assertThat(altered).model(TOTALS).wasAltered();
        assertThat(project.streamTable(TOTALS)).hasSchedule("5m");
        RunResults back = project.clearOverrides().run(TOTALS);
        assertThat(back).model(TOTALS).wasAltered();

        RunResults full = project.fullRefresh();
        assertThat(full).model(TOTALS).wasRecreated(RecreateReason.FULL_REFRESH);
        assertThat(full.result(TOTALS).recreateReason()).contains(RecreateReason.FULL_REFRESH);
        List<StreamTableState> awaited = project.awaitPopulated();
        assertThat(awaited).extracting(StreamTableState::typedStatus).containsOnly(StreamTableStatus.ACTIVE);
        RunResults built = project.overrideModelConfig(TOTALS, "schedule", "1m").build();
        assertThat(built).model(TOTALS).wasUnchanged();
        project.clearOverrides();

        try (Connection connection = project.connect()) {
            assertThat(connection.isValid(5)).isTrue();
        }
        DataSource dataSource = project.dataSource();
        assertThat(dataSource).isNotNull();
        assertThat(project.databaseName()).startsWith("pgt_");
        assertThat(project.operations().checkFreshness().errors()).isEmpty();
        assertThat(project.pgTrickle().version()).isEqualTo(pgTrickle.version());
        assertThat(pgTrickle.version()).isNotBlank();
        assertThat(pgTrickle.defaultRefreshMode()).isIn("AUTO", "DIFFERENTIAL");
    }

    @Test
    @Order(8)
    @DisplayName("the engine session: stream tables, dbt tests")
    void session(ProjectSession session) {
        StreamTable orderTotals = session.streamTable(TOTALS);
        assertThat(orderTotals).hasStatus(StreamTableStatus.ACTIVE);
        Optional<RunResults> last = session.lastRunResults();
        assertThat(last).isPresent();
        ProjectHandle handle = session; // the verbs the injected PgTrickleProjectHandle shares
        assertThat(handle.lastRunResults()).isEqualTo(last);

        DbtTestResults results = session.test();
        assertThat(results.hasFailures()).isFalse();
        Stream<DynamicTest> dynamicTests = DbtTests.of(session);
        assertThat(dynamicTests).isNotEmpty();
    }

    @Test
    @Order(10)
    @DisplayName("every public type users touch is marked @API; the engine and error factories are INTERNAL")
    void apiMarks() throws Exception {
        List<Class<?>> userTypes = new ArrayList<>();
        userTypes.addAll(publicTopLevelTypes(PgTrickleExtension.class));
        userTypes.addAll(publicTopLevelTypes(PgTrickleSoftAssertions.class));
        assertThat(userTypes).hasSizeGreaterThan(20).contains(PgTrickleProject.class, DbtTestEngine.class);
        for (Class<?> type : userTypes) {
            API api = type.getAnnotation(API.class);
            assertThat(api).as("@API on %s", type.getName()).isNotNull();
            boolean internalPackage = type.getPackageName().endsWith(".engine")
                    || type.getPackageName().endsWith(".error");
            assertThat(api.status() == API.Status.INTERNAL)
                    .as("%s is %s", type.getName(), api.status())
                    .isEqualTo(internalPackage);
        }

        // The harness types this class calls (the rest of the harness is not marked and not for users).
        List<Class<?>> harnessTypes = List.of(
                StreamTable.class,
                StreamTableState.class,
                StreamTableStatus.class,
                RefreshMode.class,
                Row.class,
                StreamTableWaiter.class,
                RunResults.class,
                ModelRunResult.class,
                RecreateReason.class,
                Materialization.class,
                ProjectSession.class,
                ProjectHandle.class,
                DbtTestResults.class,
                PgTrickleInfo.class);
        for (Class<?> type : harnessTypes) {
            API api = type.getAnnotation(API.class);
            assertThat(api).as("@API on %s", type.getName()).isNotNull();
            assertThat(api.status()).as("%s", type.getName()).isIn(API.Status.STABLE, API.Status.EXPERIMENTAL);
        }
    }

    /**
     * The public top-level types in the packages under the jar (or classes folder) that holds {@code anchor}: the
     * types a user can import from that artifact.
     */
    private static List<Class<?>> publicTopLevelTypes(Class<?> anchor) throws Exception {
        Path root = Path.of(
                anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classFiles = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.map(file -> root.relativize(file).toString().replace('\\', '/'))
                        .forEach(classFiles::add);
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().map(JarEntry::getName).forEach(classFiles::add);
            }
        }
        List<Class<?>> types = new ArrayList<>();
        for (String file : classFiles) {
            if (file.endsWith(".class") && !file.contains("$") && !file.endsWith("package-info.class")) {
                Class<?> type = Class.forName(
                        file.substring(0, file.length() - ".class".length()).replace('/', '.'));
                if (Modifier.isPublic(type.getModifiers())) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    @Test
    @Order(9)
    @DisplayName("the builder takes the documented settings")
    void builder() {
        // Registered for real in RegistrationExampleTests; here only the documented calls and their types.
        PgTrickleExtension.Builder builder = PgTrickleExtension.builder()
                .project("projects/order_totals")
                .backend("embedded")
                .awaitTimeout(Duration.ofSeconds(90));
        PgTrickleExtension extension = builder.build();
        assertThat(extension).isNotNull();
    }
}
