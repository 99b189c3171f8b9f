package dev.pgtrickle.test.harness.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code pre_hook}/{@code post_hook} entry as dbt reads it: a mapping with {@code sql:} and an optional {@code
 * transaction:} (default true); or text, which is such a mapping when it is a JSON object (what {@code
 * before_begin(...)}, {@code after_commit(...)} and {@code in_transaction(...)} return), else the statement itself.
 *
 * @param sql the statement's Jinja text (rendered when the node's hooks are)
 * @param inTransaction whether it runs inside the node's transaction
 */
record HookEntry(String sql, boolean inTransaction) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @return empty when a mapping has no {@code sql:}
     */
    static Optional<HookEntry> of(Object entry) {
        if (entry instanceof Map<?, ?> map) {
            Object sql = map.get("sql");
            if (sql == null) {
                return Optional.empty();
            }
            Object transaction = map.get("transaction");
            return Optional.of(new HookEntry(
                    String.valueOf(sql),
                    transaction == null || !"false".equalsIgnoreCase(String.valueOf(transaction))));
        }
        String text = String.valueOf(entry);
        return Optional.of(fromJson(text).orElse(new HookEntry(text, true)));
    }

    /** A rendered hook that turned out to be a hook mapping as JSON ({@code "{{ before_begin('...') }}"}). */
    static Optional<HookEntry> fromJson(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return Optional.empty();
        }
        try {
            Object parsed = JSON.readValue(trimmed, Object.class);
            return parsed instanceof Map<?, ?> map && map.get("sql") != null ? of(map) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty(); // SQL that merely starts with a brace: the statement itself
        }
    }
}
