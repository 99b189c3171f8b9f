package dev.pgtrickle.test.harness.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTests {

    @Test
    void dollarQuotesWithThePackagesTag() {
        assertThat(SqlText.dollarQuoted("SELECT 'a' FROM t")).isEqualTo("$pgtrickle$SELECT 'a' FROM t$pgtrickle$");
    }

    @Test
    void picksAnotherTagWhenTheQueryContainsThePackagesOne() {
        String query = "SELECT '$pgtrickle$' AS x, '$pgtrickle_1$' AS y FROM t";
        assertThat(SqlText.dollarQuoted(query)).isEqualTo("$pgtrickle_2$" + query + "$pgtrickle_2$");
    }

    @Test
    void picksAnotherTagWhenTheQueryEndsWithAnOpenTag() {
        assertThat(SqlText.dollarQuoted("SELECT 1 AS $pgtrickle")).startsWith("$pgtrickle_1$");
    }

    @Test
    void literalsDoubleQuotes() {
        assertThat(SqlText.literal("it's")).isEqualTo("'it''s'");
    }

    @Test
    void normalizesWhitespaceAndTrailingSemicolons() {
        assertThat(SqlText.normalized("  SELECT a,\n\t b\r\n FROM   t ;\n")).isEqualTo("SELECT a, b FROM t");
    }
}
