package dev.pgtrickle.test.harness.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} lists exactly the rows of the key table: the table between the {@code settings-table}
 * markers is generated from {@link Setting}. When a row changes, run this test with
 * {@code -Dpgtrickle.docs.write=true} to rewrite the section, then commit the page.
 */
@DisplayName("docs/configuration.md lists the key table")
class ConfigurationDocTests {

    private static final Path PAGE = Path.of("..", "docs", "configuration.md");
    private static final String BEGIN =
            "<!-- settings-table:begin (generated from harness Setting; see ConfigurationDocTests) -->";
    private static final String END = "<!-- settings-table:end -->";

    @Test
    @DisplayName("the generated section matches the key table")
    void sectionMatchesTheKeyTable() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertThat(begin).as("%s has no line %s", PAGE, BEGIN).isNotNegative();
        assertThat(end).as("%s has no line %s", PAGE, END).isGreaterThan(begin);
        String expected = BEGIN + "\n" + table() + END;
        String actual = page.substring(begin, end + END.length());
        if (Boolean.getBoolean("pgtrickle.docs.write") && !actual.equals(expected)) {
            Files.writeString(PAGE, page.replace(actual, expected), StandardCharsets.UTF_8);
            actual = expected;
        }
        assertThat(actual)
                .as("docs/configuration.md is out of date with Setting; rerun with -Dpgtrickle.docs.write=true")
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("every pgtrickle.* key the page names exists")
    void pageNamesNoUnknownKey() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        Set<String> known = Arrays.stream(Setting.values())
                .flatMap(setting -> java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(setting.key()), setting.deprecatedKeys().stream()))
                .collect(Collectors.toSet());
        Matcher keys =
                Pattern.compile("`(pgtrickle\\.[a-z][a-zA-Z.-]*[a-zA-Z])[`=]").matcher(page);
        while (keys.find()) {
            String key = keys.group(1);
            boolean exists = known.stream().anyMatch(name -> key.equals(name) || key.startsWith(name + "."));
            assertThat(exists)
                    .as("docs/configuration.md names %s, which is no key of Setting", key)
                    .isTrue();
        }
    }

    /** The Markdown table of every setting, one row per key. */
    static String table() {
        StringBuilder table = new StringBuilder();
        table.append("| Key | Type | Default | `@PgTrickleProject` | Command line | What it does |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (Setting setting : Setting.values()) {
            String key = "`%s`".formatted(setting.key());
            if (!setting.deprecatedKeys().isEmpty()) {
                key += " (deprecated: %s)"
                        .formatted(setting.deprecatedKeys().stream()
                                .map(old -> "`" + old + "`")
                                .collect(Collectors.joining(", ")));
            }
            table.append("| %s | %s | %s | %s | %s | %s |\n"
                    .formatted(
                            key,
                            setting.type().name().toLowerCase(Locale.ROOT),
                            setting.defaultValue(),
                            setting.attribute().map(name -> "`" + name + "`").orElse("–"),
                            setting.cliOptions().isEmpty()
                                    ? "–"
                                    : setting.cliOptions().stream()
                                            .map(option -> "`" + option + "`")
                                            .collect(Collectors.joining(", ")),
                            setting.description()));
        }
        return table.toString();
    }
}
