package dev.pgtrickle.test.harness.server;

import dev.pgtrickle.test.harness.db.Versions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@link PgTrickleInfo} from a database where pg_trickle (real or emulated) is installed. */
public final class PgTrickleProbe {

    private PgTrickleProbe() {}

    /**
     * Probe the database behind {@code connection}.
     *
     * @throws IllegalStateException when neither the extension nor the emulation is installed there
     */
    public static PgTrickleInfo probe(Connection connection) throws SQLException {
        Optional<String> extensionVersion =
                singleString(connection, "SELECT extversion FROM pg_extension WHERE extname = 'pg_trickle'");
        // One catalog read for every capability below instead of one query per function.
        Map<String, Set<String>> functions = functionArguments(connection);
        boolean emulated = extensionVersion.isEmpty();
        String version;
        if (emulated) {
            if (!functions.containsKey("version")) {
                throw new IllegalStateException(
                        "pg_trickle is not installed in database '%s' (no extension, no emulation)"
                                .formatted(connection.getCatalog()));
            }
            version = singleString(connection, "SELECT pgtrickle.version()").orElse("0.0.0");
        } else {
            version = extensionVersion.get();
        }
        String numeric = Versions.numericPart(version);
        return new PgTrickleInfo(
                numeric,
                emulated,
                functions.containsKey("create_or_replace_stream_table"),
                functions.containsKey("create_stream_table_if_not_exists"),
                functions.getOrDefault("alter_stream_table", Set.of()).contains("query"),
                !Versions.atLeast(numeric, "0.2.1"),
                Versions.atLeast(numeric, "0.2.2") ? "AUTO" : "DIFFERENTIAL",
                functions.getOrDefault("drop_stream_table", Set.of()).contains("cascade"));
    }

    /** The probed functions of schema {@code pgtrickle}, each with its argument names across all overloads. */
    private static Map<String, Set<String>> functionArguments(Connection connection) throws SQLException {
        Map<String, Set<String>> functions = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT p.proname, p.proargnames FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                                + " WHERE n.nspname = 'pgtrickle' AND p.proname IN ('version',"
                                + " 'create_or_replace_stream_table', 'create_stream_table_if_not_exists',"
                                + " 'alter_stream_table', 'drop_stream_table')");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Set<String> arguments = functions.computeIfAbsent(rows.getString(1), name -> new HashSet<>());
                Array names = rows.getArray(2);
                if (names != null) {
                    arguments.addAll(Arrays.asList((String[]) names.getArray()));
                }
            }
        }
        return functions;
    }

    private static Optional<String> singleString(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        }
    }
}
