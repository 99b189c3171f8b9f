package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.db.Catalogs;
import dev.pgtrickle.test.harness.project.FullRefreshRule;
import dev.pgtrickle.test.harness.project.InvalidConfigException;
import dev.pgtrickle.test.harness.project.NodeConfig;
import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * dbt's two questions about an incremental model, answered in one place for the template ({@code is_incremental()},
 * {@code should_full_refresh()}) and for the build, so that the SQL a model renders and what the build does with it
 * always agree: the model renders its "new rows only" branch exactly when the build adds those rows to the table.
 *
 * <p>A render that must answer differently (a dbt unit test's {@code overrides: macros: is_incremental}) overrides the
 * answer for that render in the template layer; the rule itself lives only here.
 */
public final class IncrementalDecision {

    /** What stands where an incremental model builds its table. */
    public enum Existing {
        /** Nothing: the table is created. */
        NONE,
        /** An ordinary (or partitioned) table that is not a stream table: later runs add to it. */
        TABLE,
        /** A view, a materialized view, a stream table or another kind: replaced by the table, as dbt replaces a view. */
        OTHER
    }

    private IncrementalDecision() {}

    /**
     * dbt's {@code should_full_refresh()} for a model ({@link FullRefreshRule}): its {@code full_refresh} config when it
     * is set (true or false), else the command's {@code --full-refresh} flag.
     *
     * @param config the model's merged config
     * @param fullRefreshFlag the command's flag ({@code flags.FULL_REFRESH})
     * @param owner the model, for the message when {@code full_refresh} is neither true, false nor none
     * @throws MaterializationConfigException naming the model when {@code full_refresh} is something else
     */
    public static boolean shouldFullRefresh(Map<String, ?> config, boolean fullRefreshFlag, String owner) {
        try {
            return FullRefreshRule.appliesTo(NodeConfig.of(config), fullRefreshFlag);
        } catch (InvalidConfigException e) {
            throw new MaterializationConfigException("%s: %s".formatted(owner, e.getMessage()));
        }
    }

    /** What stands at {@code relation}. */
    public static Existing existing(Connection connection, Relation relation) throws SQLException {
        Optional<Character> kind = Catalogs.relkind(connection, relation.schema(), relation.identifier());
        if (kind.isEmpty()) {
            return Existing.NONE;
        }
        boolean table = kind.get() == 'r' || kind.get() == 'p';
        return table && !RelationMaterialization.isStreamTable(connection, relation) ? Existing.TABLE : Existing.OTHER;
    }

    /**
     * dbt's {@code is_incremental()}: the model is {@code incremental}, no full refresh applies to it, and its table
     * already stands at {@code relation}.
     *
     * @param materialized the model's {@code materialized} config
     * @param config the model's merged config ({@code full_refresh})
     * @param fullRefreshFlag the command's {@code --full-refresh}
     * @param owner the model, for messages
     */
    public static boolean isIncremental(
            Connection connection,
            Relation relation,
            String materialized,
            Map<String, ?> config,
            boolean fullRefreshFlag,
            String owner)
            throws SQLException {
        return Materialization.INCREMENTAL.matches(materialized)
                && !shouldFullRefresh(config, fullRefreshFlag, owner)
                && existing(connection, relation) == Existing.TABLE;
    }
}
