package dev.pgtrickle.test.harness.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code print_table()} on a query's answer lays it out as agate does. */
@DisplayName("print_table's text layout")
class TablePrinterTests {

    @Test
    @DisplayName("header, rule, rows; numbers right, text left; rows, columns and long text cut off with ...")
    void layout() {
        List<List<Object>> rows = List.of(
                Arrays.asList(1, "short", null), Arrays.asList(100, "a rather long text value", 2), List.of(3, "x", 4));
        assertThat(TablePrinter.print(List.of("id", "name", "n"), rows, 2, 2, 10))
                .isEqualTo(
                        """
                        | id  | name       | ... |
                        | --- | ---------- | --- |
                        |   1 | short      | ... |
                        | 100 | a rathe... | ... |
                        | ... | ...        | ... |""");
        assertThat(TablePrinter.print(List.of("id"), List.of(List.of(1), List.of(2)), 1, 6, 20))
                .isEqualTo(
                        """
                        | id  |
                        | --- |
                        |   1 |
                        | ... |""");
    }
}
