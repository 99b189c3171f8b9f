package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the problems jinjava does not report, and the lines it does not give. */
final class TemplateDiagnostics {

    private TemplateDiagnostics() {}

    /**
     * Jinja2 raises when a template calls a method of an undefined name ({@code dbt_utils.star(...)}); jinjava
     * silently renders nothing. Every lookup of an unknown name is recorded with the position of the tag or
     * expression that made it; if that tag or expression calls a method on the name, the template fails. A guarded
     * use ({@code {% if x is defined %}{{ x.y() }}{% endif %}}) is not flagged: the call never runs.
     */
    static void checkNoCallOnUndefined(String template, Path file, RenderScope scope) {
        for (RenderScope.UndefinedLookup lookup : scope.undefinedLookups) {
            String token = tokenAt(template, lookup.line(), lookup.column());
            if (token.isEmpty()) {
                continue; // the lookup happened in another file (a macro); its own render checks it
            }
            Matcher call = Pattern.compile("(?<![\\w.])" + Pattern.quote(lookup.name()) + "\\s*(?:\\.\\s*\\w+\\s*)+\\(")
                    .matcher(token);
            if (call.find()) {
                throw new ProjectException(
                        "'%s' is undefined, so '%s' cannot be called; if it is a package (packages.yml), note that the harness does not install packages: use a project macro instead"
                                .formatted(lookup.name(), call.group().replaceAll("\\s+", "")),
                        file,
                        lookup.line(),
                        null);
            }
        }
    }

    /** The {@code {{ ... }}} or {@code {% ... %}} starting at a 1-based line and column, or empty. */
    private static String tokenAt(String template, int line, int column) {
        if (line <= 0 || column <= 0) {
            return "";
        }
        int offset = 0;
        for (int current = 1; current < line; current++) {
            offset = template.indexOf('\n', offset);
            if (offset < 0) {
                return "";
            }
            offset++;
        }
        offset += column - 1;
        if (offset + 2 > template.length()) {
            return "";
        }
        String opening = template.substring(offset, offset + 2);
        String closing = opening.equals("{{") ? "}}" : opening.equals("{%") ? "%}" : null;
        if (closing == null) {
            return "";
        }
        int end = template.indexOf(closing, offset + 2);
        return end < 0 ? "" : template.substring(offset, end + 2);
    }

    private static final Pattern QUOTED_SNIPPET = Pattern.compile("in '(\\{[%{#].*?[%}#]\\})'");

    /** jinjava reports no line for some parse errors but quotes the tag; find where it sits. */
    static int lineOfQuotedSnippet(String template, String message) {
        if (message == null) {
            return 0;
        }
        Matcher quoted = QUOTED_SNIPPET.matcher(message);
        while (quoted.find()) {
            int at = template.indexOf(quoted.group(1));
            if (at >= 0) {
                return 1
                        + (int) template.substring(0, at)
                                .chars()
                                .filter(c -> c == '\n')
                                .count();
            }
        }
        return 0;
    }
}
