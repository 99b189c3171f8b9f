package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldMatchDefiningQuery.shouldMatchDefiningQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShouldMatchDefiningQueryTests {

    @Test
    void create() {
        RowDiff diff = RowDiff.between(List.of("id"), List.of(Row.of(1)), List.of(Row.of(1), Row.of(2)));

        assertThat(shouldMatchDefiningQuery("public.copy", "SELECT id\nFROM src\n", diff)
                        .create())
                .isEqualTo(
                        """

                        Expecting stream table public.copy to equal a fresh evaluation of its defining query (as a\
                         multiset), but 1 row is missing.
                        stream table (actual):
                          id
                          --
                          1
                        defining query (expected):
                          id
                          --
                          1
                        - 2
                        (+ unexpected row, only in actual; - missing row, only in expected; ~ same key, differing\
                         cells in *stars*)
                        query:
                          SELECT id
                          FROM src""");
    }

    @Test
    void createOnEmulation() {
        RowDiff diff = RowDiff.between(List.of("id"), List.of(Row.of(1)), List.of(Row.of(1), Row.of(2)));
        String real = shouldMatchDefiningQuery("public.copy", "SELECT id FROM src", diff, false)
                .create();
        String emulated = shouldMatchDefiningQuery("public.copy", "SELECT id FROM src", diff, true)
                .create();

        assertThat(real)
                .isEqualTo(shouldMatchDefiningQuery("public.copy", "SELECT id FROM src", diff)
                        .create());
        assertThat(emulated)
                .startsWith(real)
                .endsWith(ShouldMatchDefiningQuery.EMULATION_NOTE)
                .contains("cannot detect incremental-maintenance errors");
    }

    @Test
    void createColumnsDiffer() {
        assertThat(ShouldMatchDefiningQuery.shouldHaveDefiningQueryColumns(
                                "public.copy", "SELECT id, name FROM src", List.of("id", "nme"), List.of("id", "name"))
                        .create())
                .isEqualTo(
                        """

                        Expecting stream table public.copy to equal a fresh evaluation of its defining query (as a\
                         multiset), but their columns differ.
                        stream table columns:
                          id, nme
                        defining query columns:
                          id, name
                        query:
                          SELECT id, name FROM src""");
    }
}
