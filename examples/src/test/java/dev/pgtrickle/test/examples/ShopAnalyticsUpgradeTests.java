package dev.pgtrickle.test.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.upgrade.Baseline;
import dev.pgtrickle.test.harness.upgrade.ModelUpgrade;
import dev.pgtrickle.test.harness.upgrade.UpgradeCheck;
import dev.pgtrickle.test.harness.upgrade.UpgradePath;
import dev.pgtrickle.test.harness.upgrade.UpgradeReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade check from a JUnit test: shop_analytics as it is, deployed over a baseline whose customer_revenue was
 * refreshed every 5 minutes and whose region_revenue had no order_count column.
 */
@DisplayName("upgrading shop_analytics from its baseline")
class ShopAnalyticsUpgradeTests {

    private static final Path PROJECT = Paths.get("projects/shop_analytics");

    // tag::upgrade_check[]
    @Test
    void aScheduleChangeIsAlteredAndAQueryChangeRecreated(@TempDir Path temp) throws IOException {
        Path baseline = baselineWithOldQueryAndSchedule(temp);

        UpgradeReport report = UpgradeCheck.builder(SessionOptions.builder(PROJECT)
                        .setupScripts(List.of(Path.of("setup/create_sources.sql")))
                        .build())
                .baseline(Baseline.folder(baseline)) // or Baseline.gitRef(PROJECT, "main")
                .expectRecreate("region_revenue")
                .build()
                .run();

        assertThat(report.failures()).isEmpty();
        ModelUpgrade customerRevenue = report.model("customer_revenue");
        assertThat(customerRevenue.path()).isEqualTo(UpgradePath.ALTERED);
        assertThat(customerRevenue.changedSettings()).containsOnlyKeys("schedule");
        assertThat(report.model("region_revenue").path()).isEqualTo(UpgradePath.RECREATED);
        assertThat(report.model("region_revenue").recreateReason()).contains(RecreateReason.QUERY_CHANGED);
        assertThat(report.model("region_revenue").contents().orElseThrow().matches())
                .isTrue();
    }
    // end::upgrade_check[]

    /** A copy of the project with the schedule and the query it had before. */
    private static Path baselineWithOldQueryAndSchedule(Path temp) throws IOException {
        Path baseline = temp.resolve("shop_analytics");
        try (Stream<Path> files = Files.walk(PROJECT)) {
            for (Path source : files.filter(path -> !PROJECT.relativize(path).startsWith("target"))
                    .toList()) {
                Path copy = baseline.resolve(PROJECT.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        edit(baseline.resolve("models/marts/customer_revenue.sql"), "schedule='1m'", "schedule='5m'");
        edit(
                baseline.resolve("models/marts/reporting/region_revenue.sql"),
                "SUM(total_amount) AS total_amount,\n       SUM(order_count) AS order_count",
                "SUM(total_amount) AS total_amount");
        return baseline;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
