package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.materialize.IncrementalDecision;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.project.NodeConfig;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * dbt's {@code is_incremental()} and {@code should_full_refresh()} in templates. The rule is {@link
 * IncrementalDecision}'s, the one the build follows; this class answers it for the node being rendered:
 *
 * <ul>
 *   <li>a render given an answer ({@link #OVERRIDE} in its extra context, as a dbt unit test's {@code overrides:
 *       macros: is_incremental} gives one) gets that answer;
 *   <li>while parsing ({@code execute} false): false, as dbt's macro answers;
 *   <li>with the build's database bound: the rule, asked of the database;
 *   <li>rendering with {@code execute} true but no database (compiling before the build, listing): false, which is
 *       what a first build runs, and the model is noted so that the build renders it again with the database, where
 *       the real answer is known ({@link #answeredWithoutDatabase}).
 * </ul>
 */
final class IncrementalFunctions {

    /** Key of a render's extra context fixing {@code is_incremental()} for that render (a {@link Boolean}). */
    static final String OVERRIDE = "__pgtrickle_is_incremental__";

    private final Supplier<Optional<LiveDatabase>> database;
    private final Supplier<NodeConfig> config;
    private final BooleanSupplier fullRefreshFlag;
    private final Set<String> answeredWithoutDatabase = new HashSet<>();

    /**
     * @param database the database bound for this render, if any
     * @param config the node's configuration so far (its {@code config()} calls included)
     * @param fullRefreshFlag the command's {@code --full-refresh} ({@code flags.FULL_REFRESH})
     */
    IncrementalFunctions(
            Supplier<Optional<LiveDatabase>> database, Supplier<NodeConfig> config, BooleanSupplier fullRefreshFlag) {
        this.database = database;
        this.config = config;
        this.fullRefreshFlag = fullRefreshFlag;
    }

    void register(JinjaEngine engine) {
        engine.addFunction("is_incremental", (args, kwargs) -> isIncremental());
        engine.addFunction("should_full_refresh", (args, kwargs) -> shouldFullRefresh());
    }

    private boolean shouldFullRefresh() {
        RenderScope scope = RenderScope.current();
        return IncrementalDecision.shouldFullRefresh(
                config.get().asMap(), fullRefreshFlag.getAsBoolean(), "model '%s'".formatted(scope.nodeName));
    }

    private boolean isIncremental() {
        RenderScope scope = RenderScope.current();
        if (scope.isIncrementalOverride != null) {
            return scope.isIncrementalOverride;
        }
        NodeConfig node = config.get();
        if (scope.mode == RenderScope.Mode.PARSE
                || scope.self.isEmpty()
                || !Materialization.INCREMENTAL.matches(node.materialized())
                || shouldFullRefresh()) {
            return false;
        }
        Optional<LiveDatabase> live = database.get();
        if (live.isEmpty()) {
            answeredWithoutDatabase.add(scope.nodeName);
            return false;
        }
        try {
            return IncrementalDecision.isIncremental(
                    live.get().connection(),
                    scope.self.get(),
                    node.materialized(),
                    node.asMap(),
                    fullRefreshFlag.getAsBoolean(),
                    scope.nodeName);
        } catch (SQLException e) {
            throw new IllegalArgumentException("is_incremental() in %s could not look up %s: %s"
                    .formatted(scope.nodeName, scope.self.get(), e.getMessage().strip()));
        }
    }

    /**
     * Whether {@code nodeName} asked {@code is_incremental()} while no database was bound (it answered false); the
     * note is cleared, so a render with the database answers anew.
     */
    boolean answeredWithoutDatabase(String nodeName) {
        return answeredWithoutDatabase.remove(nodeName);
    }
}
