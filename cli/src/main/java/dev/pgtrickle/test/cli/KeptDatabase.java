package dev.pgtrickle.test.cli;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --keep} prints about the kept database: its JDBC URL (with the user, so a SQL client can connect with it
 * as is) and a {@code psql} command line that connects to it.
 */
final class KeptDatabase {

    private KeptDatabase() {}

    /** The lines to print for {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db?user=...[&password=...]}). */
    static List<String> lines(String jdbcUrl) {
        return List.of(
                "Database kept running: " + jdbcUrl,
                "Connect with: " + psql(jdbcUrl),
                "Press Ctrl-C to stop the server and drop the database.");
    }

    /** {@code psql -h HOST -p PORT -U USER -d DATABASE}, with {@code PGPASSWORD=...} in front when there is one. */
    static String psql(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> parameters = parameters(uri.getRawQuery());
        String database = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        StringBuilder command = new StringBuilder();
        String password = parameters.getOrDefault("password", "");
        if (!password.isEmpty()) {
            command.append("PGPASSWORD=").append(shellQuote(password)).append(' ');
        }
        command.append("psql -h ").append(uri.getHost());
        if (uri.getPort() > 0) {
            command.append(" -p ").append(uri.getPort());
        }
        String user = parameters.getOrDefault("user", "");
        if (!user.isEmpty()) {
            command.append(" -U ").append(shellQuote(user));
        }
        return command.append(" -d ").append(shellQuote(database)).toString();
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** A word as the shell reads it: left alone when it is plain, else in single quotes. */
    private static String shellQuote(String word) {
        return word.matches("[A-Za-z0-9_.@%+=:,/-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
