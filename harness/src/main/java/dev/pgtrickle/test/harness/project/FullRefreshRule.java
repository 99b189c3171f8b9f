package dev.pgtrickle.test.harness.project;

/**
 * dbt's {@code should_full_refresh()}: whether one node (a seed, an incremental or stream table model, a materialized
 * view) is rebuilt rather than kept. The node's {@code full_refresh} config decides when it is set, true or false;
 * otherwise the command's {@code --full-refresh} flag does. So {@code full_refresh: false} keeps a node through
 * {@code --full-refresh} (a large table nobody should rebuild by accident) and {@code full_refresh: true} rebuilds it on
 * every run. Every place that asks whether a node is fully refreshed asks here, so the SQL a template renders
 * ({@code should_full_refresh()}, {@code is_incremental()}) and what the build does always agree.
 */
public final class FullRefreshRule {

    /** The config key, as dbt spells it. */
    public static final String KEY = "full_refresh";

    private FullRefreshRule() {}

    /**
     * Whether the node is fully refreshed.
     *
     * @param config the node's merged config
     * @param fullRefreshFlag the command's {@code --full-refresh} ({@code flags.FULL_REFRESH})
     * @throws InvalidConfigException when {@code full_refresh} is neither true, false nor none
     */
    public static boolean appliesTo(NodeConfig config, boolean fullRefreshFlag) {
        try {
            return config.bool(KEY).orElse(fullRefreshFlag);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(e.getMessage() + " (or none, to follow --full-refresh)");
        }
    }
}
