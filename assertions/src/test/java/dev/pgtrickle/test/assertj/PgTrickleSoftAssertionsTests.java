package dev.pgtrickle.test.assertj;

import static dev.pgtrickle.test.assertj.TestDatabases.execute;
import static dev.pgtrickle.test.assertj.TestDatabases.streamTable;
import static dev.pgtrickle.test.assertj.error.ShouldHaveRowCount.shouldHaveRowCount;
import static dev.pgtrickle.test.assertj.error.ShouldHaveRunAction.shouldHaveRunAction;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PgTrickleSoftAssertions")
class PgTrickleSoftAssertionsTests {

    @Test
    @DisplayName("collects failures of stream table and run result assertions, and passes the rest")
    void collectsFailures() {
        ModelRunResult unchanged = RunResultsAssertTests.result("order_totals", RunAction.UNCHANGED, null, null);
        try (ProjectDatabase database = TestDatabases.create("PgTrickleSoftAssertionsTests")) {
            execute(database, "CREATE TABLE src (id int PRIMARY KEY)", "INSERT INTO src VALUES (1), (2)");
            StreamTable copy = streamTable(database, "copy", "SELECT id FROM src", "1h", "FULL");
            PgTrickleSoftAssertions softly = new PgTrickleSoftAssertions();

            softly.assertThat(copy).isPopulated().hasRowCount(3).isActive();
            softly.assertThat(unchanged).wasCreated();
            softly.assertThat(new RunResults(List.of(unchanged))).hasNoFailures();
            softly.assertThat(copy).hasRowCount(2).matchesDefiningQuery();

            // Soft assertions append the line of the failed call to each message.
            then(softly.errorsCollected())
                    .extracting(Throwable::getMessage)
                    .satisfiesExactly(
                            first -> then(first)
                                    .startsWith(shouldHaveRowCount("public.copy", 2, 3)
                                            .create()),
                            second -> then(second)
                                    .startsWith(shouldHaveRunAction(unchanged, RunAction.CREATED, Optional.empty())
                                            .create()));
        }
    }
}
