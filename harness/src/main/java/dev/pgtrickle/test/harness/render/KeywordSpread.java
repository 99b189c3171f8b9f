package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands the {@code __pgt_spread=mapping} argument {@link Jinja2Syntax} writes for Jinja2's {@code f(a, **mapping)}
 * into one keyword argument per entry, before a macro or dbt function sorts its arguments.
 */
final class KeywordSpread {

    private KeywordSpread() {}

    static Object[] expand(Object[] args) {
        boolean any = false;
        for (Object arg : args) {
            any |= isSpread(arg);
        }
        if (!any) {
            return args;
        }
        List<Object> expanded = new ArrayList<>();
        for (Object arg : args) {
            if (!isSpread(arg)) {
                expanded.add(arg);
                continue;
            }
            Object value = ((NamedParameter) arg).getValue();
            if (value instanceof Map<?, ?> map) {
                map.forEach((key, entry) -> expanded.add(new NamedParameter(String.valueOf(key), entry)));
            } else if (value != null) {
                throw new IllegalArgumentException("argument after ** must be a mapping, not '%s'".formatted(value));
            }
        }
        return expanded.toArray();
    }

    private static boolean isSpread(Object arg) {
        return arg instanceof NamedParameter named && Jinja2Syntax.SPREAD_KEYWORD.equals(named.getName());
    }
}
