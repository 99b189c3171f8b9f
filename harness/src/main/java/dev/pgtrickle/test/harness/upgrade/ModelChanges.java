package dev.pgtrickle.test.harness.upgrade;

import dev.pgtrickle.test.harness.engine.ProjectCompilation;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.materialize.SqlText;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which models differ between a baseline and the current version of a project, as dbt's {@code state:modified} sees
 * them: a model is modified when it is new, when its body changed (the compiled SQL, compared whitespace-insensitively
 * as the query-change detection compares it, so a change in a macro or var that reaches the SQL counts and
 * re-indenting does not) or when a config value changed. Models downstream of a modified one are what
 * {@code state:modified+} adds.
 */
public final class ModelChanges {

    /** A model that is only in the current version. */
    public static final String NEW = "new";

    /** The model's compiled SQL differs. */
    public static final String BODY = "body";

    private final Map<String, List<String>> reasons;
    private final List<String> removed;

    ModelChanges(Map<String, List<String>> reasons, List<String> removed) {
        this.reasons = Collections.unmodifiableMap(reasons);
        this.removed = List.copyOf(removed);
    }

    /** Compare every model of {@code current} with the model of the same name in {@code baseline}. */
    public static ModelChanges between(CompiledProject baseline, CompiledProject current) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (CompiledModel model : current.models()) {
            Optional<CompiledModel> before = baseline.findModel(model.name());
            List<String> why = before.map(old -> differences(old, model)).orElse(List.of(NEW));
            if (!why.isEmpty()) {
                reasons.put(model.name(), why);
            }
        }
        List<String> removed = baseline.models().stream()
                .map(CompiledModel::name)
                .filter(name -> current.findModel(name).isEmpty())
                .toList();
        return new ModelChanges(reasons, removed);
    }

    private static List<String> differences(CompiledModel before, CompiledModel after) {
        List<String> why = new ArrayList<>();
        if (!SqlText.normalized(before.compiledSql()).equals(SqlText.normalized(after.compiledSql()))) {
            why.add(BODY);
        }
        Map<String, Object> old = before.config().asMap();
        Map<String, Object> now = after.config().asMap();
        Set<String> keys = new TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        List<String> changedKeys = keys.stream()
                .filter(key -> !Objects.equals(old.get(key), now.get(key)))
                .toList();
        if (!changedKeys.isEmpty()) {
            why.add("config: " + String.join(", ", changedKeys));
        }
        return why;
    }

    /**
     * Compile the baseline and the current version (no database; the baseline in a temporary folder, removed
     * afterwards) and compare them: what {@code --select state:modified} selects.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException when either version does not compile, or the
     *     baseline is not there
     */
    public static ModelChanges against(Baseline baseline, SessionOptions current) {
        CompiledProject now = ProjectCompilation.of(current).compiled();
        try (BaselineCopy copy = BaselineCopy.of(baseline, current, BaselineCopy.defaultParent())) {
            return between(ProjectCompilation.of(copy.options()).compiled(), now);
        }
    }

    /** Whether {@code model} (of the current version) is new or changed. */
    public boolean modified(String model) {
        return reasons.containsKey(model);
    }

    /** Why {@code model} counts as modified ({@link #NEW}, {@link #BODY}, {@code config: key, ...}); empty if it does not. */
    public List<String> reasons(String model) {
        return reasons.getOrDefault(model, List.of());
    }

    /** The modified models of the current version, in the current version's order. */
    public Set<String> modifiedModels() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(reasons.keySet()));
    }

    /** The models of the current version that the baseline does not have. */
    public Set<String> newModels() {
        Set<String> added = new LinkedHashSet<>();
        reasons.forEach((model, why) -> {
            if (why.contains(NEW)) {
                added.add(model);
            }
        });
        return Collections.unmodifiableSet(added);
    }

    /** The baseline's models that the current version no longer has. */
    public List<String> removed() {
        return removed;
    }
}
