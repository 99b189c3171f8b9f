package dev.pgtrickle.test.harness.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dotted version numbers such as pg_trickle's {@code 0.67.0}: the one place that reads and orders them. */
public final class Versions {

    private static final Pattern NUMERIC = Pattern.compile("(\\d+(?:\\.\\d+){0,2})");

    private Versions() {}

    /** The leading {@code major.minor.patch} of a version string such as {@code 0.67.0-emulated}; {@code 0.0.0} if none. */
    public static String numericPart(String version) {
        Matcher matcher = NUMERIC.matcher(version);
        return matcher.find() ? matcher.group(1) : "0.0.0";
    }

    /**
     * Compare dotted version numbers numerically, missing parts counting as zero ({@code 0.2} equals {@code 0.2.0});
     * negative, zero or positive as {@link Comparable#compareTo}.
     */
    public static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? Integer.parseInt(a[i]) : 0;
            int y = i < b.length ? Integer.parseInt(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    /** Whether {@code version} is {@code minimum} or later. */
    public static boolean atLeast(String version, String minimum) {
        return compare(version, minimum) >= 0;
    }
}
