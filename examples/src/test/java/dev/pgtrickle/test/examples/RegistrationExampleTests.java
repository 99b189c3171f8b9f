package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import dev.pgtrickle.test.junit.PgTrickleExtension;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The other ways to register the extension, and the injectable environment. */
@DisplayName("registering the extension")
class RegistrationExampleTests {

    // tag::meta_annotation_use[]
    @Nested
    @OrderTotalsProject
    @DisplayName("through a team annotation")
    class ThroughATeamAnnotation {

        @Test
        void pgTrickleIsThere(PgTrickleInfo pgTrickle) {
            // Emulated on the embedded backend, the real extension on the container backend.
            assertThat(pgTrickle.version()).isNotBlank();
        }
    }
    // end::meta_annotation_use[]

    // tag::register_extension[]
    @Nested
    @DisplayName("programmatically, with the builder")
    class Programmatically {

        @RegisterExtension
        static final PgTrickleExtension PROJECT = PgTrickleExtension.builder()
                .project("projects/order_totals")
                .awaitTimeout(Duration.ofSeconds(90))
                .build();

        @Test
        void dataSourceReachesTheClassDatabase(
                DataSource dataSource, @StreamTableName("order_totals") StreamTable orderTotals) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM order_totals")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(orderTotals.rowCount());
            }
            assertThat(orderTotals).isPopulated();
        }
    }
    // end::register_extension[]
}
