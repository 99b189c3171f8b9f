package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.junit.PgTrickleExtension;
import dev.pgtrickle.test.junit.StreamTableName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension registered directly; the project comes from {@code pgtrickle.project} in
 * {@code src/test/resources/junit-platform.properties} (a system property {@code -Dpgtrickle.project=...} would win).
 */
// tag::extend_with[]
@ExtendWith(PgTrickleExtension.class)
@DisplayName("configured by junit-platform.properties")
class PropertiesConfiguredExampleTests {

    @Test
    void theConfiguredProjectIsBuilt(RunResults run, @StreamTableName("order_totals") StreamTable orderTotals) {
        assertThat(run).hasNoFailures();
        assertThat(orderTotals).isPopulated().hasRowCount(4);
    }
}
// end::extend_with[]
