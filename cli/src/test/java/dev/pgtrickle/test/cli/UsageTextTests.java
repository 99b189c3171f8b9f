package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.settings.Setting;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hand-written usage text and the key table name the same options. */
@DisplayName("--help lists exactly the options of the key table")
class UsageTextTests {

    /** Options of the command line itself, not settings. */
    private static final Set<String> OWN = Set.of(
            "--target-path",
            CliArguments.REUSE,
            "--help",
            UpgradeArguments.BASELINE,
            UpgradeArguments.BASELINE_REF,
            UpgradeArguments.EXPECT_RECREATE,
            UpgradeArguments.FAIL_ON_RECREATE);

    @Test
    void usageAndKeyTableAgree() {
        String usage = CliArguments.usage();
        Set<String> inUsage = new HashSet<>();
        Matcher option = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[a-z-]+)").matcher(usage);
        while (option.find()) {
            inUsage.add(option.group(1));
        }
        Set<String> inTable = new HashSet<>(OWN);
        Arrays.stream(Setting.values())
                .flatMap(setting -> setting.cliOption().stream())
                .forEach(inTable::add);

        assertThat(inUsage).containsExactlyInAnyOrderElementsOf(inTable);
    }
}
