package dev.pgtrickle.test.harness.dbttest;

/** The text of dbt test outcomes: one factory per kind of outcome. */
final class DbtTestMessages {

    private DbtTestMessages() {}

    static String describe(DbtTestResult result) {
        if (result.test().kind() == DbtTestKind.SCENARIO && result.status() != DbtTestStatus.PASS) {
            // The scenario's own message names the step, the row diff and the stream table's state.
            return "%s %s: %s"
                    .formatted(
                            result.status(),
                            result.name(),
                            result.errorMessage().orElse("unknown error"));
        }
        if (result.diff().isPresent()) {
            return unitTestFailure(result, result.diff().get());
        }
        return switch (result.status()) {
            case PASS -> "PASS";
            case FAIL ->
                failingRows(result, "FAIL", "error_if " + result.test().config().errorIf());
            case WARN ->
                failingRows(result, "WARN", "warn_if " + result.test().config().warnIf());
            case ERROR -> error(result);
        };
    }

    private static String failingRows(DbtTestResult result, String status, String condition) {
        return """
                %s %s: %d failing %s (%s, severity %s)
                %s

                compiled SQL (%s):
                %s"""
                .formatted(
                        status,
                        result.name(),
                        result.failures(),
                        result.failures() == 1 ? "row" : "rows",
                        condition,
                        result.test().config().severity().name().toLowerCase(java.util.Locale.ROOT),
                        indent(result.failingRows().asTable()),
                        result.test().file(),
                        indent(result.compiledSql()));
    }

    /** A failed unit test: the row diff (actual, then expected), then the SQL that ran on the inputs. */
    private static String unitTestFailure(DbtTestResult result, UnitTestDiff diff) {
        String nl = System.lineSeparator();
        return "FAIL %s (%s:%d): %s%nactual:%n%s%nexpected:%n%s%n%s%n%nthe model's SQL on the inputs:%n%s"
                .formatted(
                        result.name(),
                        result.test().file(),
                        result.test().unitTest().map(test -> test.line()).orElse(0),
                        diff.summary(),
                        diff.actual(),
                        diff.expected(),
                        dev.pgtrickle.test.harness.catalog.RowDiff.LEGEND,
                        indent(result.compiledSql()))
                .replace("\n", nl);
    }

    private static String error(DbtTestResult result) {
        String sql = result.compiledSql().isEmpty()
                ? ""
                : "\n\ncompiled SQL (%s):\n%s".formatted(result.test().file(), indent(result.compiledSql()));
        return "ERROR %s: %s%s".formatted(result.name(), result.errorMessage().orElse("unknown error"), sql);
    }

    private static String indent(String text) {
        return text.lines()
                .map(line -> "  " + line)
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
    }
}
