package dev.pgtrickle.test.harness.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("seed type inference")
class SeedTypeInferenceTests {

    private static String infer(String... values) {
        return SeedTypeInference.infer(Arrays.asList(values));
    }

    @Test
    @DisplayName("whole numbers: integer, bigint past 32 bits, numeric past 64 bits; signs and leading zeros allowed")
    void wholeNumbers() {
        assertThat(infer("1", "-2147483648", "+2147483647", "007", null)).isEqualTo("integer");
        assertThat(infer("1", "2147483648")).isEqualTo("bigint");
        assertThat(infer("-9223372036854775808", "9223372036854775807")).isEqualTo("bigint");
        assertThat(infer("00000000000000000000000001")).isEqualTo("integer");
        assertThat(infer("1", "9223372036854775808")).isEqualTo("numeric");
        assertThat(infer("+", "1")).isEqualTo("text");
    }

    @Test
    @DisplayName("decimals with an optional fraction and exponent are numeric; anything else is not")
    void decimals() {
        assertThat(infer("1", "12.50", ".5", "5.", "-1e3", "2E+10")).isEqualTo("numeric");
        assertThat(infer("1.2.3")).isEqualTo("text");
        assertThat(infer("1e")).isEqualTo("text");
        assertThat(infer(".")).isEqualTo("text");
        assertThat(infer("1", "NaN")).isEqualTo("text");
    }

    @Test
    @DisplayName("dates must be real calendar dates; timestamps take a space or T, fractions and offsets")
    void datesAndTimestamps() {
        assertThat(infer("2024-02-29", "0000-01-01")).isEqualTo("date");
        assertThat(infer("2023-02-29")).isEqualTo("text");
        assertThat(infer("2024-13-01")).isEqualTo("text");
        assertThat(infer("2024-01-31 23:59:59", "2024-01-31T10:00:00", "2024-01-31T10:00:00.5"))
                .isEqualTo("timestamp");
        assertThat(infer("2024-01-31T10:00", "2024-01-31T10:00:00+02:00", "2024-02-01T08:30:00Z"))
                .isEqualTo("timestamp");
        assertThat(infer("2024-01-31 24:00:00")).isEqualTo("text");
        assertThat(infer("2024-01-31 10:00")).isEqualTo("text");
        assertThat(infer("2024-01-31", "2024-01-31 10:00:00")).isEqualTo("text");
    }

    @Test
    @DisplayName("booleans in any case; all values are checked, not a sample; no values at all is text")
    void booleansAndEmpty() {
        assertThat(infer("true", "FALSE", "True")).isEqualTo("boolean");
        assertThat(infer("true", "yes")).isEqualTo("text");
        assertThat(infer("1", "1", "1", "x")).isEqualTo("text");
        assertThat(SeedTypeInference.infer(List.of())).isEqualTo("text");
        assertThat(infer(null, null)).isEqualTo("text");
        assertThat(infer("Zürich")).isEqualTo("text");
    }
}
