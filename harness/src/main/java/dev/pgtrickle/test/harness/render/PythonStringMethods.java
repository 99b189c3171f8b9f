package dev.pgtrickle.test.harness.render;

import java.beans.FeatureDescriptor;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's string methods that dbt templates call ({@code 'x'.upper()}, {@code name.startswith('stg_')}, ...),
 * which jinjava does not have (Java's {@code String} has no {@code upper}). Placed first in the resolver chain; any
 * other call falls through to jinjava. Also Python's {@code text[0]}, which jinjava does not index.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String text) || method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(text, method.toString(), args);
        if (result != NOT_HANDLED) {
            context.setPropertyResolved(true);
            return result;
        }
        return null;
    }

    private static final Object NOT_HANDLED = new Object();
    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("-?\\d+");

    private static Object call(String text, String method, Object[] args) {
        switch (method) {
            case "upper":
                return text.toUpperCase(Locale.ROOT);
            case "lower":
                return text.toLowerCase(Locale.ROOT);
            case "strip":
                return args.length == 0 ? text.strip() : stripChars(text, String.valueOf(args[0]), true, true);
            case "lstrip":
                return args.length == 0 ? text.stripLeading() : stripChars(text, String.valueOf(args[0]), true, false);
            case "rstrip":
                return args.length == 0 ? text.stripTrailing() : stripChars(text, String.valueOf(args[0]), false, true);
            case "startswith":
                return args.length == 1 && text.startsWith(String.valueOf(args[0]));
            case "endswith":
                return args.length == 1 && text.endsWith(String.valueOf(args[0]));
            case "title":
                return title(text);
            case "capitalize":
                return text.isEmpty()
                        ? text
                        : text.substring(0, 1).toUpperCase(Locale.ROOT)
                                + text.substring(1).toLowerCase(Locale.ROOT);
            case "split":
                if (args.length == 0) {
                    String trimmed = text.strip();
                    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
                }
                return Arrays.asList(text.split(java.util.regex.Pattern.quote(String.valueOf(args[0])), -1));
            case "replace":
                if (args.length == 2) {
                    return text.replace(String.valueOf(args[0]), String.valueOf(args[1]));
                }
                return NOT_HANDLED;
            default:
                return NOT_HANDLED;
        }
    }

    private static String stripChars(String text, String chars, boolean leading, boolean trailing) {
        int start = 0;
        int end = text.length();
        while (leading && start < end && chars.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (trailing && end > start && chars.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    private static String title(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean startOfWord = true;
        for (char c : text.toCharArray()) {
            out.append(startOfWord ? Character.toUpperCase(c) : Character.toLowerCase(c));
            startOfWord = !Character.isLetterOrDigit(c);
        }
        return out.toString();
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return Collections.emptyIterator();
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    /** {@code text[i]}: Python's string subscript (negative from the end), which jinjava renders as none. */
    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        // jinjava hands the subscript over as text ("0", "-1").
        if (!(base instanceof String text)
                || property == null
                || !INDEX.matcher(property.toString()).matches()) {
            return null;
        }
        long number = Long.parseLong(property.toString());
        long index = number < 0 ? text.length() + number : number;
        if (index < 0 || index >= text.length()) {
            throw new IndexOutOfBoundsException("string index %s out of range for '%s'".formatted(number, text));
        }
        context.setPropertyResolved(true);
        return String.valueOf(text.charAt((int) index));
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Nothing to set: this resolver only adds methods.
    }
}
