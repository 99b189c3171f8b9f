package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table differs from a fresh evaluation of its defining query: incremental maintenance went wrong. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldMatchDefiningQuery extends RowsDifferFromQuery {

    private ShouldMatchDefiningQuery(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * What the failure adds when pg_trickle is emulated: the emulation recomputes the query on every refresh, so the
     * difference is staleness or one of the few incremental effects it reproduces, and a pass proves nothing about the
     * real extension's incremental maintenance.
     */
    public static final String EMULATION_NOTE = "note: pg_trickle is emulated here. The emulation recomputes the whole"
            + " query on every refresh (reproducing only the real extension's SUM-over-NULLs merge), so this check"
            + " cannot detect incremental-maintenance errors of the real extension; run it on the container backend"
            + " for that (docs/emulation-fidelity.md, \"Incremental results\").";

    private ShouldMatchDefiningQuery(String table, String query, RowDiff diff, String note) {
        super(
                "stream table %s to equal a fresh evaluation of its defining query",
                "defining query", table, query, diff, note);
    }

    /** The failure for {@code table} differing from {@code query}'s result as {@code diff} shows. */
    public static ErrorMessageFactory shouldMatchDefiningQuery(String table, String query, RowDiff diff) {
        return new ShouldMatchDefiningQuery(table, query, diff, "");
    }

    /**
     * The same failure on a server where pg_trickle is {@code emulated}: the message then ends with {@link
     * #EMULATION_NOTE}.
     */
    public static ErrorMessageFactory shouldMatchDefiningQuery(
            String table, String query, RowDiff diff, boolean emulated) {
        return new ShouldMatchDefiningQuery(table, query, diff, emulated ? EMULATION_NOTE : "");
    }

    /**
     * The failure for a stream table whose columns are not the ones its query returns now (for example a source column
     * was renamed and the table was not recreated).
     */
    public static ErrorMessageFactory shouldHaveDefiningQueryColumns(
            String table, String query, List<String> tableColumns, List<String> queryColumns) {
        return new ShouldMatchDefiningQuery(
                "%nExpecting stream table %s to equal a fresh evaluation of its defining query (as a multiset),"
                        + " but their columns differ.%nstream table columns:%n  %s%ndefining query columns:%n  %s%nquery:%n%s",
                unquotedString(table),
                unquotedString(String.join(", ", tableColumns)),
                unquotedString(String.join(", ", queryColumns)),
                unquotedString(StateText.indent(query.strip())));
    }
}
