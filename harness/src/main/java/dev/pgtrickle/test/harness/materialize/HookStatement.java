package dev.pgtrickle.test.harness.materialize;

import java.util.List;
import java.util.Objects;

/**
 * A rendered {@code pre_hook} or {@code post_hook} statement of a model or seed, and whether it runs inside the node's
 * transaction (dbt's default) or outside it ({@code transaction: false}, {@code before_begin(...)}, {@code
 * after_commit(...)}). dbt runs a node's hooks in this order: pre-hooks outside, then inside the transaction the
 * pre-hooks inside, the node, the post-hooks inside, the commit, then the post-hooks outside.
 *
 * @param sql the statement, rendered
 * @param inTransaction whether it runs inside the node's transaction
 */
public record HookStatement(String sql, boolean inTransaction) {

    public HookStatement {
        Objects.requireNonNull(sql, "sql");
    }

    /** A statement that runs inside the transaction, as a hook written as plain text does. */
    public static HookStatement inTransaction(String sql) {
        return new HookStatement(sql, true);
    }

    /** The statements of {@code hooks} that run inside the transaction ({@code true}) or outside it, in order. */
    public static List<String> sql(List<HookStatement> hooks, boolean inTransaction) {
        return hooks.stream()
                .filter(hook -> hook.inTransaction() == inTransaction)
                .map(HookStatement::sql)
                .toList();
    }

    /** Every statement of {@code hooks}, in order, whatever its transaction. */
    public static List<String> sql(List<HookStatement> hooks) {
        return hooks.stream().map(HookStatement::sql).toList();
    }
}
