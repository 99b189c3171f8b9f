package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dbt's {@code api.Column}, the adapter's column class: called directly, {@code api.Column('amount', 'numeric',
 * numeric_precision=10, numeric_scale=2)}, it builds a column as the class's constructor does ({@code column, dtype,
 * char_size, numeric_precision, numeric_scale}); {@code api.Column.create(name, label_or_dtype)} and {@code
 * api.Column.from_description(name, raw_data_type)} read a type as written ({@code varchar(10)}).
 */
final class ColumnClass extends MacroFunction {

    private static final List<String> PARAMETERS =
            List.of("column", "dtype", "char_size", "numeric_precision", "numeric_scale");

    private final transient DbtFunction create = new DbtFunction(
            "create",
            (args, kwargs) -> ColumnValue.fromDescription(
                    text(argument(args, kwargs, 0, "name")), text(argument(args, kwargs, 1, "label_or_dtype"))));
    private final transient DbtFunction fromDescription = new DbtFunction(
            "from_description",
            (args, kwargs) -> ColumnValue.fromDescription(
                    text(argument(args, kwargs, 0, "name")), text(argument(args, kwargs, 1, "raw_data_type"))));

    ColumnClass() {
        super(List.of(), "Column", new LinkedHashMap<>(), false, null, 0, 0);
    }

    /** {@code api.Column.create(name, label_or_dtype)}. */
    public DbtFunction getCreate() {
        return create;
    }

    /** {@code api.Column.from_description(name, raw_data_type)}. */
    public DbtFunction getFromDescription() {
        return fromDescription;
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        try {
            for (String key : kwargMap.keySet()) {
                if (!PARAMETERS.contains(key)) {
                    throw new IllegalArgumentException(
                            "api.Column() got an unexpected keyword argument '%s'; it takes %s"
                                    .formatted(key, PARAMETERS));
                }
            }
            Object column = argument(varArgs, kwargMap, 0, "column");
            Object dtype = argument(varArgs, kwargMap, 1, "dtype");
            if (column == null || dtype == null) {
                throw new IllegalArgumentException("api.Column() needs a column name and a dtype");
            }
            return new ColumnValue(
                    text(column),
                    text(dtype),
                    number(argument(varArgs, kwargMap, 2, "char_size")),
                    number(argument(varArgs, kwargMap, 3, "numeric_precision")),
                    number(argument(varArgs, kwargMap, 4, "numeric_scale")));
        } catch (RuntimeException e) {
            throw RenderScope.current().fail(e);
        }
    }

    private static Object argument(List<Object> args, Map<String, Object> kwargs, int position, String name) {
        return args.size() > position ? args.get(position) : kwargs.get(name);
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }

    private static Integer number(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.valueOf(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("api.Column(): '%s' is not a whole number".formatted(value), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
