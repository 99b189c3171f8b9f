package dev.pgtrickle.test.harness.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** dbt's {@code state:} selector rewritten into model names. */
@DisplayName("state: selections")
class StateSelectionTests {

    private static ModelChanges changes() {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        reasons.put("customer_revenue", List.of("config: schedule"));
        reasons.put("new_model", List.of(ModelChanges.NEW));
        return new ModelChanges(reasons, List.of("old_model"));
    }

    @Test
    @DisplayName("each term naming state: becomes one term per model, operators and intersections kept")
    void expandsTerms() {
        assertThat(StateSelection.expand("state:modified+", changes())).contains("customer_revenue+ new_model+");
        assertThat(StateSelection.expand("+state:modified,tag:revenue other", changes()))
                .contains("+customer_revenue,tag:revenue +new_model,tag:revenue other");
        assertThat(StateSelection.expand("@state:new", changes())).contains("@new_model");
        assertThat(StateSelection.expand("tag:daily", changes())).contains("tag:daily");
    }

    @Test
    @DisplayName("nothing modified: nothing to do; a selection without state: stays as it is")
    void nothingModified() {
        ModelChanges none = new ModelChanges(Map.of(), List.of());
        assertThat(StateSelection.expand("state:modified+", none)).isEmpty();
        assertThat(StateSelection.expand("state:modified+ tag:daily", none)).contains("tag:daily");
        assertThat(StateSelection.uses("order_totals+")).isFalse();
    }

    @Test
    @DisplayName("an unsupported state: value names the supported ones")
    void unsupported() {
        assertThatThrownBy(() -> StateSelection.expand("state:old", changes()))
                .isInstanceOf(ProjectException.class)
                .hasMessage("state:old is not supported; use one of: state:modified, state:new (e.g. --select"
                        + " state:modified+)");
    }
}
