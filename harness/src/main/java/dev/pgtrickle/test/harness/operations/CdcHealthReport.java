package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The rows of {@code pgtrickle.check_cdc_health()}, read by their real column names (the dbt plan's macro reads
 * columns that do not exist and so never reports a problem).
 *
 * @param sources one per change-captured source table
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CdcHealthReport(List<Source> sources) {

    public CdcHealthReport {
        sources = List.copyOf(sources);
    }

    /**
     * One source table.
     *
     * @param sourceRelid the source table's OID
     * @param sourceTable its name as {@code regclass} text
     * @param cdcMode {@code TRIGGER}, {@code TRANSITIONING} or {@code WAL}
     * @param slotName the replication slot (WAL mode)
     * @param lagBytes the slot's lag (WAL mode)
     * @param confirmedLsn the slot's confirmed LSN (WAL mode)
     * @param alert the problem, when there is one (e.g. {@code replication_slot_missing})
     */
    public record Source(
            long sourceRelid,
            String sourceTable,
            String cdcMode,
            Optional<String> slotName,
            Optional<Long> lagBytes,
            Optional<String> confirmedLsn,
            Optional<String> alert) {

        /** {@code CDC: public.raw_orders [TRIGGER] ok} or with the alert. */
        public String describe() {
            return "CDC: %s [%s]%s%s"
                    .formatted(
                            sourceTable,
                            cdcMode,
                            lagBytes.map(lag -> " lag=" + lag + " bytes").orElse(""),
                            alert.map(text -> " ALERT: " + text).orElse(" ok"));
        }
    }

    /** The sources with an alert. */
    public List<Source> alerts() {
        return sources.stream().filter(source -> source.alert().isPresent()).toList();
    }

    public String describe() {
        return sources.stream().map(Source::describe).collect(Collectors.joining("\n"));
    }
}
