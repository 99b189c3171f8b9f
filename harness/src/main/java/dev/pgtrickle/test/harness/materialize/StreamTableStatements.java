package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The pg_trickle API calls the {@code stream_table} materialization sends, with named arguments. */
final class StreamTableStatements {

    private final PgTrickleInfo server;

    StreamTableStatements(PgTrickleInfo server) {
        this.server = server;
    }

    /** {@code create_stream_table} with the five classic arguments and every create-time option the model set. */
    String create(StreamTableSettings settings) {
        return call(
                "create_stream_table",
                createArguments(settings, settings.refreshMode().sqlName()));
    }

    /**
     * {@code create_or_replace_stream_table}; {@code refreshMode} is what to send (the stored mode when the model asks
     * for AUTO, so the server does not see a mode change it would forward to alter as AUTO).
     */
    String createOrReplace(StreamTableSettings settings, String refreshMode) {
        return call("create_or_replace_stream_table", createArguments(settings, refreshMode));
    }

    /** {@code alter_stream_table} with only the given arguments. */
    String alter(Relation name, Map<String, String> arguments) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("name", SqlText.literal(name.qualifiedName()));
        all.putAll(arguments);
        return call("alter_stream_table", all);
    }

    /** {@code alter_stream_table(query => ...)} plus the settings that differ. */
    String alterQuery(Relation name, String query, Map<String, String> arguments) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("query", SqlText.dollarQuoted(query));
        all.putAll(arguments);
        return alter(name, all);
    }

    String drop(Relation name) {
        return "SELECT pgtrickle.drop_stream_table(%s)".formatted(SqlText.literal(name.qualifiedName()));
    }

    /** The alter-only options (fuse settings) the model set, applied right after a create. */
    Map<String, String> alterOnlyOptions(StreamTableSettings settings) {
        Map<String, String> arguments = new LinkedHashMap<>();
        settings.options().forEach((option, value) -> {
            if (!option.onCreate()) {
                arguments.put(option.key(), StreamTablePlanner.literal(option, value));
            }
        });
        return arguments;
    }

    private Map<String, String> createArguments(StreamTableSettings settings, String refreshMode) {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("name", SqlText.literal(settings.name().qualifiedName()));
        arguments.put("query", SqlText.dollarQuoted(settings.query()));
        arguments.put("schedule", settings.schedule().map(SqlText::literal).orElse(server.calculatedScheduleLiteral()));
        arguments.put("refresh_mode", SqlText.literal(refreshMode));
        arguments.put("initialize", Boolean.toString(settings.initialize()));
        settings.options().forEach((option, value) -> {
            if (option.onCreate()) {
                arguments.put(option.key(), StreamTablePlanner.literal(option, value));
            }
        });
        return arguments;
    }

    private static String call(String function, Map<String, String> arguments) {
        return "SELECT pgtrickle.%s(%s)"
                .formatted(
                        function,
                        arguments.entrySet().stream()
                                .map(entry -> entry.getKey() + " => " + entry.getValue())
                                .collect(Collectors.joining(", ")));
    }
}
