package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lines {@code --keep} prints name the user and give a ready psql command. */
class KeptDatabaseTests {

    @Test
    void embeddedDatabaseWithoutPassword() {
        assertThat(KeptDatabase.lines("jdbc:postgresql://127.0.0.1:40647/pgt_order_totals_1a2b?user=postgres"))
                .containsExactly(
                        "Database kept running: jdbc:postgresql://127.0.0.1:40647/pgt_order_totals_1a2b?user=postgres",
                        "Connect with: psql -h 127.0.0.1 -p 40647 -U postgres -d pgt_order_totals_1a2b",
                        "Press Ctrl-C to stop the server and drop the database.");
    }

    @Test
    void aPasswordGoesIntoPgPasswordQuotedForTheShell() {
        assertThat(KeptDatabase.psql("jdbc:postgresql://db.local:5432/analytics?user=ci&password=it%27s+secret"))
                .isEqualTo("PGPASSWORD='it'\\''s secret' psql -h db.local -p 5432 -U ci -d analytics");
    }
}
