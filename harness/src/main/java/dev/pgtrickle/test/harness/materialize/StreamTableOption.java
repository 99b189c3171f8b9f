package dev.pgtrickle.test.harness.materialize;

import java.util.Locale;
import java.util.Optional;

/**
 * The newer pg_trickle settings a {@code stream_table} model may set. Each is passed to the server only when the model
 * sets it, under the parameter of the same name.
 */
enum StreamTableOption {
    CDC_MODE(Kind.TEXT, Scope.CREATE_AND_ALTER, "requested_cdc_mode"),
    PARTITION_BY(Kind.TEXT, Scope.CREATE_AND_ALTER, "st_partition_key"),
    APPEND_ONLY(Kind.BOOLEAN, Scope.CREATE_AND_ALTER, "is_append_only"),
    DIAMOND_CONSISTENCY(Kind.TEXT, Scope.CREATE_AND_ALTER, "diamond_consistency"),
    DIAMOND_SCHEDULE_POLICY(Kind.TEXT, Scope.CREATE_AND_ALTER, "diamond_schedule_policy"),
    POOLER_COMPATIBILITY_MODE(Kind.BOOLEAN, Scope.CREATE_AND_ALTER, "pooler_compatibility_mode"),
    MAX_DIFFERENTIAL_JOINS(Kind.INTEGER, Scope.CREATE_AND_ALTER, "max_differential_joins"),
    MAX_DELTA_FRACTION(Kind.DOUBLE, Scope.CREATE_AND_ALTER, "max_delta_fraction"),
    OUTPUT_DISTRIBUTION_COLUMN(Kind.TEXT, Scope.CREATE_ONLY, null),
    TEMPORAL(Kind.BOOLEAN, Scope.CREATE_ONLY, "temporal_mode"),
    STORAGE_BACKEND(Kind.TEXT, Scope.CREATE_ONLY, "storage_backend"),
    FUSE(Kind.TEXT, Scope.ALTER_ONLY, "fuse_mode"),
    FUSE_CEILING(Kind.INTEGER, Scope.ALTER_ONLY, "fuse_ceiling"),
    FUSE_SENSITIVITY(Kind.INTEGER, Scope.ALTER_ONLY, "fuse_sensitivity");

    /** The SQL type family of the value. */
    enum Kind {
        TEXT,
        BOOLEAN,
        INTEGER,
        DOUBLE
    }

    /** Which API functions take the setting. */
    enum Scope {
        /** {@code create_stream_table} only: changing it later needs a full refresh. */
        CREATE_ONLY,
        /** {@code create_stream_table} and {@code alter_stream_table}. */
        CREATE_AND_ALTER,
        /** {@code alter_stream_table} only: applied by an alter right after the create. */
        ALTER_ONLY
    }

    private final Kind kind;
    private final Scope scope;
    private final String catalogColumn;

    StreamTableOption(Kind kind, Scope scope, String catalogColumn) {
        this.kind = kind;
        this.scope = scope;
        this.catalogColumn = catalogColumn;
    }

    /** The config key and the API parameter name, e.g. {@code cdc_mode}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    Kind kind() {
        return kind;
    }

    Scope scope() {
        return scope;
    }

    boolean onCreate() {
        return scope != Scope.ALTER_ONLY;
    }

    boolean onAlter() {
        return scope != Scope.CREATE_ONLY;
    }

    /** The {@code pgt_stream_tables} column holding the current value, when there is one. */
    Optional<String> catalogColumn() {
        return Optional.ofNullable(catalogColumn);
    }

    static Optional<StreamTableOption> forKey(String key) {
        for (StreamTableOption option : values()) {
            if (option.key().equals(key)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
