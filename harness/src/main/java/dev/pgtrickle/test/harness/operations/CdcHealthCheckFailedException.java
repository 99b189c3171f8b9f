package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.stream.Collectors;
import org.apiguardian.api.API;

/** {@code check_cdc_health()} reported at least one alert; {@link #report()} has every source. */
@API(status = EXPERIMENTAL, since = "0.1")
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
