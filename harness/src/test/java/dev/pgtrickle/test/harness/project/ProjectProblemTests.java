package dev.pgtrickle.test.harness.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.dbttest.DbtTestDefinitionException;
import dev.pgtrickle.test.harness.materialize.MaterializationConfigException;
import dev.pgtrickle.test.harness.operations.OperationException;
import dev.pgtrickle.test.harness.seed.SeedException;
import dev.pgtrickle.test.harness.seed.SeedFileException;
import dev.pgtrickle.test.harness.seed.SeedSpec;
import dev.pgtrickle.test.harness.server.ServerStartException;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProjectProblem: the one root the entrances map to exit 2 / configuration error / project failure")
class ProjectProblemTests {

    @Test
    void theUsersFaultsAreProjectProblems() {
        assertThat(ProjectProblem.class)
                .isAssignableFrom(ProjectException.class)
                .isAssignableFrom(SettingsException.class)
                .isAssignableFrom(MaterializationConfigException.class)
                .isAssignableFrom(DbtTestDefinitionException.class)
                .isAssignableFrom(SeedFileException.class)
                .isAssignableFrom(InvalidConfigException.class);
    }

    @Test
    void whatTheDatabaseOrMachineCausesIsNot() {
        assertThat(ProjectProblem.class.isAssignableFrom(SeedException.class)).isFalse();
        assertThat(ProjectProblem.class.isAssignableFrom(ServerStartException.class))
                .isFalse();
        assertThat(ProjectProblem.class.isAssignableFrom(OperationException.class))
                .isFalse();
    }

    @Test
    void aBadConfigValueStaysAnIllegalArgumentAndIsTheProjects() {
        NodeConfig config = NodeConfig.of(Map.of("enabled", "maybe"));
        Path csv = Path.of("seeds/orders.csv");

        assertThatThrownBy(() -> config.bool("enabled"))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(ProjectProblem.class)
                .hasMessage("config 'enabled' must be true or false, found 'maybe'");
        assertThatThrownBy(() -> SeedSpec.of(new Relation("s", "orders"), csv).withDelimiter('"'))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(ProjectProblem.class);
    }
}
