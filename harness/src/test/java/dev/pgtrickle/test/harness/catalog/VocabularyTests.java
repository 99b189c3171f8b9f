package dev.pgtrickle.test.harness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The catalog's words: statuses and refresh modes, read as pg_trickle reads them. */
class VocabularyTests {

    @Test
    @DisplayName("statuses: any case and blanks; PAUSED and others refused with the accepted list")
    void statuses() {
        assertThat(StreamTableStatus.parse(" suspended ")).isEqualTo(StreamTableStatus.SUSPENDED);
        assertThat(StreamTableStatus.find("PAUSED")).isEmpty();
        assertThat(StreamTableStatus.find(null)).isEmpty();
        assertThatThrownBy(() -> StreamTableStatus.parse("RUNNING"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'RUNNING' is not a pg_trickle status; use one of INITIALIZING, ACTIVE, SUSPENDED, ERROR");
        assertThat(StreamTableStatus.values())
                .filteredOn(StreamTableStatus::isBroken)
                .containsExactly(StreamTableStatus.SUSPENDED, StreamTableStatus.ERROR);
    }

    @Test
    @DisplayName("refresh modes: any case, INCREMENTAL is DIFFERENTIAL, AUTO never stored")
    void refreshModes() {
        assertThat(RefreshMode.parse("incremental")).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(RefreshMode.parse(" Auto")).isEqualTo(RefreshMode.AUTO);
        assertThat(RefreshMode.find("FAST")).isEmpty();
        assertThatThrownBy(() -> RefreshMode.parse("FAST"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'FAST' is not a pg_trickle refresh mode; use one of FULL, DIFFERENTIAL, IMMEDIATE");
        assertThat(RefreshMode.configSpellings()).isEqualTo("FULL, DIFFERENTIAL (alias INCREMENTAL), AUTO, IMMEDIATE");
    }
}
