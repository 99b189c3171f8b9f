package dev.pgtrickle.test.harness.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

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
        boolean emulated = extensionVersion.isEmpty();
        String version;
        if (emulated) {
            if (!functionExists(connection, "version")) {
                throw new IllegalStateException(
                        "pg_trickle is not installed in database '%s' (no extension, no emulation)"
                                .formatted(connection.getCatalog()));
            }
            version = singleString(connection, "SELECT pgtrickle.version()").orElse("0.0.0");
        } else {
            version = extensionVersion.get();
        }
        String numeric = numericPart(version);
        return new PgTrickleInfo(
                numeric,
                emulated,
                functionExists(connection, "create_or_replace_stream_table"),
                functionExists(connection, "create_stream_table_if_not_exists"),
                functionHasArgument(connection, "alter_stream_table", "query"),
                compare(numeric, "0.2.1") < 0,
                compare(numeric, "0.2.2") < 0 ? "DIFFERENTIAL" : "AUTO",
                functionHasArgument(connection, "drop_stream_table", "cascade"));
    }

    /** The leading {@code major.minor.patch} of a version string such as {@code 0.67.0-emulated}. */
    static String numericPart(String version) {
        java.util.regex.Matcher matcher =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+){0,2})").matcher(version);
        return matcher.find() ? matcher.group(1) : "0.0.0";
    }

    /** Compare dotted version numbers numerically, missing parts counting as zero. */
    static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? Integer.parseInt(a[i]) : 0;
            int y = i < b.length ? Integer.parseInt(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static boolean functionExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'pgtrickle' AND p.proname = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean functionHasArgument(Connection connection, String name, String argument)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'pgtrickle' AND p.proname = ? AND ? = ANY (p.proargnames)")) {
            statement.setString(1, name);
            statement.setString(2, argument);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Optional<String> singleString(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        }
    }
}
