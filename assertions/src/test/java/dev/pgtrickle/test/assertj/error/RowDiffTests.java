package dev.pgtrickle.test.assertj.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.catalog.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowDiffTests {

    private static final List<String> COLUMNS = List.of("customer_id", "orders", "total");

    @Test
    void equalMultisetsMatchInAnyOrder() {
        RowDiff diff = RowDiff.between(
                COLUMNS, List.of(Row.of(2, 1, 5), Row.of(1, 2, 30.5)), List.of(Row.of(1, 2, "30.5"), Row.of(2, 1, 5)));

        // "30.5" is text here: RowDiff compares values as given; the assertions convert text to the column's type.
        assertThat(diff.matches()).isFalse();
        assertThat(RowDiff.between(
                                COLUMNS,
                                List.of(Row.of(2, 1, 5), Row.of(1, 2, 30.5)),
                                List.of(Row.of(1, 2, 30.50), Row.of(2, 1, 5)))
                        .matches())
                .isTrue();
    }

    @Test
    void duplicatesCount() {
        RowDiff diff = RowDiff.between(List.of("v"), List.of(Row.of(1), Row.of(1)), List.of(Row.of(1)));

        assertThat(diff.unexpected()).isEqualTo(1);
        assertThat(diff.summary()).isEqualTo("1 row is unexpected");
    }

    @Test
    void rendersMissingUnexpectedAndDifferingRowsAligned() {
        RowDiff diff = RowDiff.between(
                COLUMNS,
                List.of(Row.of(1, 2, 30.5), Row.of(2, 1, 99), Row.of(3, 1, 7)),
                List.of(Row.of(1, 2, 30.5), Row.of(2, 1, 5), Row.of(4, 1, null)));

        assertThat(diff.summary()).isEqualTo("1 row is missing, 1 row is unexpected and 1 row differs");
        assertThat(diff.actualTable())
                .isEqualTo(
                        """
                          customer_id | orders | total
                          ------------+--------+------
                          1           | 2      | 30.5
                        ~ 2           | 1      | *99*
                        + 3           | 1      | 7""");
        assertThat(diff.expectedTable())
                .isEqualTo(
                        """
                          customer_id | orders | total
                          ------------+--------+------
                          1           | 2      | 30.5
                        ~ 2           | 1      | *5*
                        - 4           | 1      | NULL""");
    }

    @Test
    void rowsSharingAKeyWithSeveralCandidatesStayUnpaired() {
        RowDiff diff =
                RowDiff.between(List.of("k", "v"), List.of(Row.of(1, "a"), Row.of(1, "b")), List.of(Row.of(1, "c")));

        assertThat(diff.summary()).isEqualTo("1 row is missing and 2 rows are unexpected");
    }

    @Test
    void rendersAnEmptySide() {
        RowDiff diff = RowDiff.between(List.of("id"), List.of(), List.of(Row.of(1)));

        assertThat(diff.actualTable()).isEqualTo("  id\n  --\n  (no rows)");
    }

    @Test
    void refusesExpectedRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> RowDiff.between(COLUMNS, List.of(), List.of(Row.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected row 1 (1, 2) has 2 values but there are 3 columns (customer_id, orders, total)");
    }
}
