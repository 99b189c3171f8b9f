package dev.pgtrickle.test.harness.project;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One output of a {@code profiles.yml} profile, after rendering {@code env_var()} and {@code as_number}.
 *
 * @param name the output name ({@code default}, {@code dev}, ...)
 * @param type the adapter type ({@code postgres})
 * @param host the host, when set
 * @param port the port, when set
 * @param user the user, when set
 * @param password the password, when set
 * @param dbname {@code dbname} (or {@code database}), when set
 * @param schema the target schema, default {@code public}
 * @param threads the thread count, default 1
 * @param raw every key as rendered
 */
public record ProfileTarget(
        String name,
        String type,
        Optional<String> host,
        OptionalInt port,
        Optional<String> user,
        Optional<String> password,
        Optional<String> dbname,
        String schema,
        int threads,
        Map<String, Object> raw) {}
