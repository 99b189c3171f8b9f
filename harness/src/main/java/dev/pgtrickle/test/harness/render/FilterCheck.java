package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2 refuses a template that uses an unknown filter ({@code {{ x | no_such_filter }}}); jinjava renders the value
 * unfiltered. This check finds every filter name inside {@code {{ }}} and {@code {% %}} (outside string literals) and
 * fails on one jinjava does not have.
 */
final class FilterCheck {

    private static final Pattern JINJA_BLOCK = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FILTER = Pattern.compile("(?<!\\|)\\|(?!\\|)\\s*([A-Za-z_]\\w*)");

    private FilterCheck() {}

    private static final Pattern RAW =
            Pattern.compile("\\{%-?\\s*raw\\s*-?%}.*?\\{%-?\\s*endraw\\s*-?%}", Pattern.DOTALL);

    static void check(String source, Path file, Predicate<String> known) {
        // {% raw %} content is text, not Jinja; keep its newlines so line numbers stay right.
        Matcher raw = RAW.matcher(source);
        StringBuilder withoutRaw = new StringBuilder();
        while (raw.find()) {
            raw.appendReplacement(withoutRaw, raw.group().replaceAll("[^\\n]", " "));
        }
        raw.appendTail(withoutRaw);
        String template = withoutRaw.toString();
        Matcher block = JINJA_BLOCK.matcher(template);
        while (block.find()) {
            String body = block.group(1) != null ? block.group(1) : block.group(2);
            // Blank out string literals (keeping length) so a '|' inside one is not taken for a filter.
            Matcher literal = STRING_LITERAL.matcher(body);
            StringBuilder code = new StringBuilder();
            while (literal.find()) {
                literal.appendReplacement(code, " ".repeat(literal.group().length()));
            }
            literal.appendTail(code);
            Matcher filter = FILTER.matcher(code);
            while (filter.find()) {
                String name = filter.group(1);
                if (!known.test(name)) {
                    int line = 1
                            + (int) template.substring(0, block.start())
                                    .chars()
                                    .filter(c -> c == '\n')
                                    .count();
                    throw new ProjectException(
                            "unknown filter '%s'; check its spelling (Jinja2 and jinjava filters, plus as_number, as_bool, as_text, as_native)"
                                    .formatted(name),
                            file,
                            line,
                            null);
                }
            }
        }
    }
}
