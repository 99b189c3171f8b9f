package dev.pgtrickle.test.harness.operations;

import java.util.stream.Collectors;

/** {@code check_cdc_health()} reported at least one alert; {@link #report()} has every source. */
public class CdcHealthCheckFailedException extends OperationException {

    private final transient CdcHealthReport report;

    public CdcHealthCheckFailedException(CdcHealthReport report) {
        super("CDC health check failed: %d source(s) with alerts:%n%s"
                .formatted(
                        report.alerts().size(),
                        report.alerts().stream()
                                .map(CdcHealthReport.Source::describe)
                                .collect(Collectors.joining("\n"))));
        this.report = report;
    }

    public CdcHealthReport report() {
        return report;
    }
}
