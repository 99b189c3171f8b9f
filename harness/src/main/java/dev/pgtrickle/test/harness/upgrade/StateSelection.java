package dev.pgtrickle.test.harness.upgrade;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's {@code state:} selector method against a baseline: {@code state:modified} (new, or body or config changed) and
 * {@code state:new}, with the graph operators around them ({@code state:modified+}, {@code +state:modified},
 * {@code @state:new}) and in intersections ({@code state:modified,tag:daily}). A selection is rewritten into the
 * names of the models that match, which the ordinary selector then evaluates: a term naming {@code state:...} becomes
 * one term per matching model (intersection and the graph operators distribute over that union).
 */
public final class StateSelection {

    private static final Pattern STATE = Pattern.compile("state:([a-z_.]+)");
    private static final List<String> METHODS = List.of("modified", "new");

    private StateSelection() {}

    /** Whether {@code selection} uses the {@code state:} method. */
    public static boolean uses(String selection) {
        return selection != null && STATE.matcher(selection).find();
    }

    /**
     * {@code selection} with every {@code state:} atom replaced by the matching models' names.
     *
     * @return the rewritten selection; empty when it used {@code state:} and nothing matched (dbt's "nothing to do")
     * @throws ProjectException for a {@code state:} value other than {@code modified} and {@code new}
     */
    public static Optional<String> expand(String selection, ModelChanges changes) {
        if (!uses(selection)) {
            return Optional.of(selection);
        }
        List<String> terms = new ArrayList<>();
        for (String term : selection.trim().split("\\s+")) {
            Matcher matcher = STATE.matcher(term);
            if (!matcher.find()) {
                terms.add(term);
                continue;
            }
            Set<String> models = models(matcher.group(1), changes);
            for (String model : models) {
                terms.add(STATE.matcher(term).replaceAll(Matcher.quoteReplacement(model)));
            }
        }
        return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", terms));
    }

    private static Set<String> models(String method, ModelChanges changes) {
        return switch (method) {
            case "modified" -> changes.modifiedModels();
            case "new" -> changes.newModels();
            default ->
                throw new ProjectException("state:%s is not supported; use one of: %s (e.g. --select state:modified+)"
                        .formatted(
                                method,
                                String.join(
                                        ", ",
                                        METHODS.stream().map(m -> "state:" + m).toList())));
        };
    }
}
