package dev.pgtrickle.test.harness.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inlines ephemeral models as dbt does: each ephemeral model a query refs (directly or through other ephemeral
 * models) becomes a {@code __dbt__cte__<name> as (...)} CTE, upstream first; when the query already starts with
 * {@code with}, the CTEs are prepended to its list. Like dbt (1.8 and later), one space separates the last CTE from a
 * query that had no {@code with} ({@code ) select ...}).
 */
final class CteInjector {

    private static final Pattern LEADING_WITH = Pattern.compile(
            "^(\\s*(?:--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*)with\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final Map<String, String> ephemeralSql = new HashMap<>();
    private final Map<String, Set<String>> ephemeralRefs = new HashMap<>();
    /** Called with each ephemeral model before its SQL is inlined: it may render the model again first. */
    private Consumer<String> beforeInline = name -> {};

    /** Sets what runs before an ephemeral model's SQL is inlined (see {@link #beforeInline}). */
    void beforeInline(Consumer<String> action) {
        this.beforeInline = action;
    }

    /** Records an ephemeral model's own rendered SQL and the ephemeral models it refs. */
    void addEphemeral(String name, String sql, Set<String> refs) {
        ephemeralSql.put(name, sql);
        ephemeralRefs.put(name, Set.copyOf(refs));
    }

    /** {@code sql} with the CTEs of {@code refs} (and their ephemeral upstream) in front. */
    String inject(String sql, Set<String> refs) {
        if (refs.isEmpty()) {
            return sql;
        }
        Set<String> ordered = new LinkedHashSet<>();
        refs.forEach(ref -> collect(ref, ordered, new LinkedHashSet<>()));
        Map<String, String> ctes = new java.util.LinkedHashMap<>();
        for (String name : ordered) {
            ctes.put("__dbt__cte__" + name, ephemeralSql.get(name));
        }
        return prepend(sql, ctes);
    }

    /** {@code sql} with the CTEs {@code ctes} (name to query, in order) in front, as dbt injects them. */
    static String prepend(String sql, Map<String, String> ctes) {
        if (ctes.isEmpty()) {
            return sql;
        }
        List<String> definitions = new ArrayList<>();
        ctes.forEach((name, query) -> definitions.add(" %s as (\n%s\n)".formatted(name, query)));
        // Byte for byte what dbt's sqlparse-based injection produces, so compiled SQL compares equal to dbt's.
        String joined = String.join(", ", definitions);
        Matcher with = LEADING_WITH.matcher(sql);
        if (with.find()) {
            return sql.substring(0, with.end()) + joined + "," + sql.substring(with.end());
        }
        int start = 0;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        return sql.substring(0, start) + "with" + joined + " " + sql.substring(start);
    }

    private void collect(String name, Set<String> ordered, Set<String> visiting) {
        if (ordered.contains(name) || !visiting.add(name)) {
            return;
        }
        beforeInline.accept(name);
        if (!ephemeralSql.containsKey(name)) {
            throw new IllegalStateException(
                    "ephemeral model '%s' was not compiled before its consumer".formatted(name));
        }
        ephemeralRefs.getOrDefault(name, Set.of()).forEach(upstream -> collect(upstream, ordered, visiting));
        ordered.add(name);
    }
}
