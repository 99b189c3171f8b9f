package dev.pgtrickle.test.harness.server;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What pg_trickle looks like in one database: real or emulated, which version, and the capabilities the engine adapts
 * to. See the version milestones in the pg_trickle API reference: the capability flags follow them.
 *
 * @param version the extension version, e.g. {@code 0.67.0}
 * @param emulated whether this is the pgtrickle-test emulation rather than the real extension
 * @param hasCreateOrReplace {@code pgtrickle.create_or_replace_stream_table} exists (real 0.6.0 and later)
 * @param hasCreateIfNotExists {@code pgtrickle.create_stream_table_if_not_exists} exists (0.5.0 and later)
 * @param alterAcceptsQuery {@code alter_stream_table} takes a {@code query} argument (0.2.2 and later)
 * @param calculatedScheduleAsNull a CALCULATED schedule is written as SQL {@code NULL} (before 0.2.1) rather than
 *     {@code 'calculated'}
 * @param defaultRefreshMode the refresh mode a create uses when none is given ({@code AUTO} from 0.2.2,
 *     {@code DIFFERENTIAL} before)
 * @param dropHasCascade {@code drop_stream_table} takes a {@code cascade} argument (0.15.0 and later)
 */
@API(status = STABLE, since = "0.1")
public record PgTrickleInfo(
        String version,
        boolean emulated,
        boolean hasCreateOrReplace,
        boolean hasCreateIfNotExists,
        boolean alterAcceptsQuery,
        boolean calculatedScheduleAsNull,
        String defaultRefreshMode,
        boolean dropHasCascade) {

    /** How the schedule "CALCULATED" is written as an SQL literal for this server. */
    public String calculatedScheduleLiteral() {
        return calculatedScheduleAsNull ? "NULL" : "'calculated'";
    }

    /** One phrase for log lines: {@code pg_trickle 0.67.0 (real)} or {@code pg_trickle 0.67.0 (emulated ...)}. */
    public String describe() {
        return emulated
                ? "pg_trickle %s emulated by pgtrickle-test (no real extension on this server)".formatted(version)
                : "pg_trickle %s (real extension)".formatted(version);
    }
}
