package dev.pgtrickle.test.harness.contract;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

/** The pg_trickle contract against the emulation on embedded PostgreSQL 18 (runs everywhere). */
@DisplayName("pg_trickle contract: emulation on embedded PostgreSQL")
class EmulatedPgTrickleContractTests extends PgTrickleContract {

    @Override
    protected ServerSettings serverSettings() {
        return ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);
    }

    @Override
    protected Duration schedulerTimeout() {
        return Duration.ofSeconds(30);
    }
}
