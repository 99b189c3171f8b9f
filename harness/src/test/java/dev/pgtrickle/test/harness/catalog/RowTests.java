package dev.pgtrickle.test.harness.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Row normalisation")
class RowTests {

    @Test
    @DisplayName("numbers of any type and scale compare equal when their values are equal")
    void numbersCompareByValue() {
        assertThat(Row.of(30, 30L, (short) 30, BigInteger.valueOf(30), 30.0, new BigDecimal("30.00")))
                .isEqualTo(Row.of(new BigDecimal("3E+1"), 30, 30, 30, 30, 30))
                .hasSameHashCodeAs(Row.of(30, 30, 30, 30, 30, 30));
        assertThat(Row.of(new BigDecimal("0.00"))).isEqualTo(Row.of(0));
        assertThat(Row.of(0.1)).isEqualTo(Row.of(new BigDecimal("0.10")));
        assertThat(Row.of(1)).isNotEqualTo(Row.of("1"));
    }

    @Test
    @DisplayName("JDBC temporal types become java.time; offsets become instants")
    void temporalTypesBecomeJavaTime() {
        LocalDateTime local = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        assertThat(Row.of(Timestamp.valueOf(local))).isEqualTo(Row.of(local));
        assertThat(Row.of(OffsetDateTime.of(local, ZoneOffset.ofHours(2))))
                .isEqualTo(Row.of(Instant.parse("2026-01-02T01:04:05Z")));
    }

    @Test
    @DisplayName("nulls, characters, bytes and arrays are normalised too")
    void otherValues() {
        assertThat(Row.of((Object) null).values()).containsExactly((Object) null);
        assertThat(Row.of('x')).isEqualTo(Row.of("x"));
        assertThat(Row.of((Object) new byte[] {1, (byte) 0xff})).isEqualTo(Row.of("01ff"));
        assertThat(Row.of((Object) new Integer[] {1, 2})).isEqualTo(Row.of(List.of(1L, 2.0)));
    }

    @Test
    @DisplayName("displays NULL, plain decimals and lists like a SQL client")
    void displays() {
        assertThat(Row.of(null, new BigDecimal("1E+3"), List.of(1, 2), "a")).hasToString("(NULL, 1000, {1, 2}, a)");
    }
}
