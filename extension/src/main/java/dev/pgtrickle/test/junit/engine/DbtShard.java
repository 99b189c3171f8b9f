package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTest;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.harness.settings.SettingValue;
import dev.pgtrickle.test.harness.settings.SettingsException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One share of a project's dbt tests ({@link Setting#SHARD}, {@code i/n}), so n CI runners split a large project: the
 * tests sorted by dbt unique id, dealt round robin, so the shares differ by at most one test, are disjoint, cover every
 * test, and do not depend on the order the project files were read in. Each runner still builds every seed and model
 * (the tests need them) in its own database.
 *
 * @param index the share, 1 to {@code count}
 * @param count how many shares
 */
record DbtShard(int index, int count) {

    static final DbtShard ALL = new DbtShard(1, 1);

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,4})\\s*/\\s*(\\d{1,4})\\s*");

    /**
     * Parse {@code i/n}.
     *
     * @throws SettingsException naming the setting's origin and the form to use
     */
    static DbtShard parse(SettingValue value) {
        Matcher matcher = FORM.matcher(value.text());
        if (matcher.matches()) {
            int index = Integer.parseInt(matcher.group(1));
            int count = Integer.parseInt(matcher.group(2));
            if (count >= 1 && index >= 1 && index <= count) {
                return new DbtShard(index, count);
            }
        }
        throw new SettingsException(
                "'%s' (%s) is not a shard".formatted(value.text(), value.origin()),
                "write i/n with 1 <= i <= n, e.g. %s=2/4 on the second of four CI runners"
                        .formatted(Setting.SHARD.key()));
    }

    /** The tests of this share, in the order given. */
    List<DbtTest> of(List<DbtTest> tests) {
        if (count == 1) {
            return tests;
        }
        List<DbtTest> sorted =
                tests.stream().sorted(Comparator.comparing(DbtTest::uniqueId)).toList();
        List<DbtTest> share = IntStream.range(0, sorted.size())
                .filter(position -> position % count == index - 1)
                .mapToObj(sorted::get)
                .toList();
        return tests.stream().filter(share::contains).toList();
    }
}
