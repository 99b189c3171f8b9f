package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.project.Relation;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/** At least one stream table is staler than the error threshold; {@link #report()} has every line. */
@API(status = EXPERIMENTAL, since = "0.1")
public class FreshnessCheckFailedException extends OperationException {

    private final transient FreshnessReport report;

    public FreshnessCheckFailedException(FreshnessReport report) {
        super("Freshness check failed: %d stream table(s) exceeded the error threshold (%ds): %s%n%s"
                .formatted(
                        report.errors().size(),
                        report.errorSeconds(),
                        report.errors().stream()
                                .map(FreshnessReport.Line::name)
                                .map(Relation::toString)
                                .collect(Collectors.joining(", ")),
                        report.describe()));
        this.report = report;
    }

    public FreshnessReport report() {
        return report;
    }
}
