package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.collections.PyMap;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run_query()} and {@code load_result(name).table} give a template: the answer of one query, shaped like
 * the agate table dbt returns, so packages can read it as they read dbt's. {@code table.columns} and {@code
 * table.rows} can be indexed by position or name ({@code columns[0]}, {@code columns['schema_name']}), a column's
 * {@code values()} lists its values, a row answers {@code row.table_name}, {@code row['table_name']} and {@code
 * row[0]}, and iterating over the table iterates over its rows.
 */
public final class AgateTable implements Iterable<AgateTable.Row>, HasObjectTruthValue {

    private static final Logger LOG = LoggerFactory.getLogger(AgateTable.class);

    private final List<String> columnNames;
    private final NamedSequence columns;
    private final List<Row> rows;

    AgateTable(List<String> columnNames, List<List<Object>> values) {
        this.columnNames = List.copyOf(columnNames);
        List<Row> rowList = new ArrayList<>();
        for (List<Object> row : values) {
            rowList.add(new Row(columnNames, row));
        }
        this.rows = Collections.unmodifiableList(rowList);
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < columnNames.size(); i++) {
            List<Object> columnValues = new ArrayList<>();
            for (List<Object> row : values) {
                columnValues.add(row.get(i));
            }
            byName.put(columnNames.get(i), new Column(columnNames.get(i), columnValues));
        }
        this.columns = new NamedSequence(byName);
    }

    /** A table without columns, what a statement run without {@code fetch_result} stores. */
    static AgateTable empty() {
        return new AgateTable(List.of(), List.of());
    }

    /** {@code table.columns}: by position or by name. */
    public NamedSequence getColumns() {
        return columns;
    }

    /** {@code table.column_names}. */
    public List<String> getColumnNames() {
        return columnNames;
    }

    /** {@code table.rows}. */
    public List<Row> getRows() {
        return rows;
    }

    /** The values as a list of rows, each a list: {@code load_result(name)['data']}. */
    List<List<Object>> matrix() {
        List<List<Object>> matrix = new ArrayList<>();
        for (Row row : rows) {
            matrix.add(row.values);
        }
        return Collections.unmodifiableList(matrix);
    }

    @Override
    public Iterator<Row> iterator() {
        return rows.iterator();
    }

    /**
     * agate's {@code table.print_table(max_rows=20, max_columns=6, max_column_width=20)}: writes the table as text for
     * a person to read and gives nothing back, as agate's writes it to the console; here the text goes to the log (at
     * info). Numbers are aligned right, other values left; what is cut off is shown as {@code ...}. The name keeps
     * agate's spelling, which templates call; jinjava matches a method by name and argument count, hence one per count.
     */
    public Object print_table() {
        return printTableWith();
    }

    /** {@link #print_table()} with one argument ({@code max_rows}, or any keyword); jinjava matches by count. */
    public Object print_table(Object first) {
        return printTableWith(first);
    }

    /** {@link #print_table()} with two arguments. */
    public Object print_table(Object first, Object second) {
        return printTableWith(first, second);
    }

    /** {@link #print_table()} with three arguments. */
    public Object print_table(Object first, Object second, Object third) {
        return printTableWith(first, second, third);
    }

    /** {@link #print_table()} with four arguments. */
    public Object print_table(Object first, Object second, Object third, Object fourth) {
        return printTableWith(first, second, third, fourth);
    }

    private Object printTableWith(Object... arguments) {
        Map<String, Object> options = new LinkedHashMap<>();
        List<String> positional = List.of("max_rows", "max_columns", "output", "max_column_width");
        int position = 0;
        for (Object argument : arguments) {
            if (argument instanceof NamedParameter named) {
                options.put(named.getName(), named.getValue());
            } else if (position < positional.size()) {
                options.put(positional.get(position++), argument);
            }
        }
        String text = TablePrinter.print(
                columnNames,
                matrix(),
                limit(options.get("max_rows"), 20),
                limit(options.get("max_columns"), 6),
                limit(options.get("max_column_width"), 20));
        LOG.info("{}", text);
        return null;
    }

    private static int limit(Object value, int fallback) {
        return value instanceof Number number ? number.intValue() : fallback;
    }

    /** A table is true in a condition, as agate's (which has no length) is. */
    @Override
    public boolean getObjectTruthValue() {
        return true;
    }

    @Override
    public String toString() {
        return "<agate.Table columns=%s rows=%d>".formatted(columnNames, rows.size());
    }

    /**
     * A mapping that also answers by position, like agate's mapped sequences: {@code columns[0]} and {@code
     * columns['id']} both work, and {@code items()}, {@code keys()}, {@code values()} and iteration go by name.
     */
    public static final class NamedSequence extends PyMap {

        NamedSequence(Map<String, Object> byName) {
            super(Collections.unmodifiableMap(byName));
        }

        @Override
        public Object get(Object key) {
            return byPosition(key, delegate()).orElseGet(() -> super.get(key));
        }
    }

    /**
     * {@code [0]} on a mapping that also answers by position: jinjava passes the index as a number or as its text,
     * so a key that is not a name but reads as an integer is a position (from the end when negative).
     */
    private static Optional<Object> byPosition(Object key, Map<String, Object> byName) {
        if (key == null || byName.containsKey(String.valueOf(key))) {
            return Optional.empty();
        }
        int index;
        if (key instanceof Number number) {
            index = number.intValue();
        } else {
            try {
                index = Integer.parseInt(String.valueOf(key));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        List<Object> values = new ArrayList<>(byName.values());
        if (index < 0) {
            index += values.size();
        }
        return index >= 0 && index < values.size() ? Optional.ofNullable(values.get(index)) : Optional.empty();
    }

    /** One column: {@code name} and {@code values()}. */
    public static final class Column {

        private final String name;
        private final List<Object> values;

        Column(String name, List<Object> values) {
            this.name = name;
            this.values = Collections.unmodifiableList(values);
        }

        /** {@code column.name}. */
        public String getName() {
            return name;
        }

        /** {@code column.values()}: the column's values, top to bottom. */
        public List<Object> values() {
            return values;
        }

        @Override
        public String toString() {
            return "<agate.Column %s>".formatted(name);
        }
    }

    /** One row: by column name ({@code row.id}, {@code row['id']}) or by position ({@code row[0]}). */
    public static final class Row extends PyMap {

        private final List<Object> values;

        Row(List<String> names, List<Object> values) {
            super(byName(names, values));
            this.values = Collections.unmodifiableList(new ArrayList<>(values));
        }

        private static Map<String, Object> byName(List<String> names, List<Object> values) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), values.get(i));
            }
            return map;
        }

        @Override
        public Object get(Object key) {
            return byPosition(key, delegate()).orElseGet(() -> super.get(key));
        }

        @Override
        public String toString() {
            return "<agate.Row: %s>".formatted(values);
        }
    }
}
