package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code re} module as dbt templates reach it ({@code modules.re}): {@code match}, {@code search},
 * {@code fullmatch}, {@code sub}, {@code findall}, {@code split}, {@code compile}, {@code escape} and the flags, on
 * {@link java.util.regex} with Python's spellings translated ({@code (?P<name>...)}, {@code \1} and {@code \g<name>} in
 * a replacement). Patterns both languages read alike (character classes, quantifiers, anchors, lookarounds) behave the
 * same; the rest is listed in docs/dbt-compatibility.md.
 */
final class PythonRegex {

    private static final int IGNORECASE = 2;
    private static final int MULTILINE = 8;
    private static final int DOTALL = 16;
    private static final int VERBOSE = 64;
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P<");
    private static final Pattern NAMED_BACKREFERENCE = Pattern.compile("\\(\\?P=(\\w+)\\)");
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");

    private PythonRegex() {}

    /** The module's attributes. */
    static StrictNamespace module() {
        Map<String, Object> re = new LinkedHashMap<>();
        re.put("match", function("match", (pattern, args, kwargs) -> pattern.match(text(args, 1))));
        re.put("search", function("search", (pattern, args, kwargs) -> pattern.search(text(args, 1))));
        re.put("fullmatch", function("fullmatch", (pattern, args, kwargs) -> pattern.fullmatch(text(args, 1))));
        re.put(
                "sub",
                function(
                        "sub",
                        (pattern, args, kwargs) ->
                                pattern.sub(text(args, 1), text(args, 2), integer(args, 3, kwargs, "count"))));
        re.put("findall", function("findall", (pattern, args, kwargs) -> pattern.findall(text(args, 1))));
        re.put(
                "split",
                function(
                        "split",
                        (pattern, args, kwargs) -> pattern.split(text(args, 1), integer(args, 2, kwargs, "maxsplit"))));
        re.put("compile", function("compile", (pattern, args, kwargs) -> pattern));
        re.put("escape", new DbtFunction("escape", (args, kwargs) -> escape(text(args, 0))));
        for (String flag : List.of("IGNORECASE", "I")) {
            re.put(flag, IGNORECASE);
        }
        for (String flag : List.of("MULTILINE", "M")) {
            re.put(flag, MULTILINE);
        }
        for (String flag : List.of("DOTALL", "S")) {
            re.put(flag, DOTALL);
        }
        for (String flag : List.of("VERBOSE", "X")) {
            re.put(flag, VERBOSE);
        }
        return new StrictNamespace("modules.re", re);
    }

    @FunctionalInterface
    private interface PatternCall {
        Object call(CompiledPattern pattern, List<Object> args, Map<String, Object> kwargs);
    }

    /** A module function whose first argument is the pattern (text, or what {@code re.compile} returned). */
    private static DbtFunction function(String name, PatternCall call) {
        return new DbtFunction(name, (args, kwargs) -> {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("re.%s() needs a pattern".formatted(name));
            }
            Object flagArgument = kwargs.get("flags");
            int flagPosition =
                    switch (name) {
                        case "sub" -> 4;
                        case "split" -> 3;
                        case "compile" -> 1;
                        default -> 2;
                    };
            if (flagArgument == null && args.size() > flagPosition) {
                flagArgument = args.get(flagPosition);
            }
            int flags = flagArgument == null ? 0 : ((Number) flagArgument).intValue();
            CompiledPattern pattern = args.get(0) instanceof CompiledPattern compiled
                    ? compiled
                    : new CompiledPattern(String.valueOf(args.get(0)), flags);
            return call.call(pattern, args, kwargs);
        });
    }

    private static String text(List<Object> args, int index) {
        if (args.size() <= index || args.get(index) == null) {
            throw new IllegalArgumentException("re: argument %d is missing or none".formatted(index + 1));
        }
        return String.valueOf(args.get(index));
    }

    private static int integer(List<Object> args, int index, Map<String, Object> kwargs, String keyword) {
        Object value = kwargs.containsKey(keyword) ? kwargs.get(keyword) : args.size() > index ? args.get(index) : 0;
        return ((Number) value).intValue();
    }

    /** {@code re.escape}: every character that is not a letter, digit or underscore gets a backslash, as Python's. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                out.append('\\');
            }
            out.appendCodePoint(c);
        });
        return out.toString();
    }

    /** Python's pattern syntax where it differs from Java's: named groups and named back-references. */
    static String javaPattern(String python) {
        String named = NAMED_GROUP.matcher(python).replaceAll("(?<");
        return NAMED_BACKREFERENCE.matcher(named).replaceAll("\\\\k<$1>");
    }

    /** Python's replacement string ({@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \n}) as Java's. */
    static String javaReplacement(String python) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '$') {
                out.append("\\$");
            } else if (c != '\\' || i + 1 == python.length()) {
                out.append(c == '\\' ? "\\\\" : String.valueOf(c));
            } else {
                char next = python.charAt(++i);
                if (Character.isDigit(next)) {
                    out.append('$').append(next);
                } else if (next == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<') {
                    int end = python.indexOf('>', i);
                    String group = python.substring(i + 2, end);
                    out.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
                    i = end;
                } else if (next == 'n') {
                    out.append('\n');
                } else if (next == 't') {
                    out.append('\t');
                } else if (next == '\\') {
                    out.append("\\\\");
                } else {
                    // Python keeps an unknown escape of a non-letter as the character; of a letter it is an error.
                    if (Character.isLetter(next)) {
                        throw new IllegalArgumentException(
                                "re.sub: bad escape \\%s in the replacement".formatted(next));
                    }
                    out.append(Matcher.quoteReplacement(String.valueOf(next)));
                }
            }
        }
        return out.toString();
    }

    /** What {@code re.compile} returns; the module functions use one too. */
    public static final class CompiledPattern {

        private final Pattern pattern;
        private final List<String> groupNames = new ArrayList<>();

        CompiledPattern(String python, int flags) {
            int javaFlags = 0;
            if ((flags & IGNORECASE) != 0) {
                javaFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            }
            if ((flags & MULTILINE) != 0) {
                javaFlags |= Pattern.MULTILINE;
            }
            if ((flags & DOTALL) != 0) {
                javaFlags |= Pattern.DOTALL;
            }
            if ((flags & VERBOSE) != 0) {
                javaFlags |= Pattern.COMMENTS;
            }
            this.pattern = Pattern.compile(javaPattern(python), javaFlags);
            Matcher names = GROUP_NAME.matcher(pattern.pattern());
            while (names.find()) {
                groupNames.add(names.group(1));
            }
        }

        /** {@code pattern.match(text)}: a match at the start, or none. */
        public RegexMatch match(String text) {
            Matcher matcher = pattern.matcher(text);
            return matcher.lookingAt() ? new RegexMatch(matcher, groupNames) : null;
        }

        /** {@code pattern.search(text)}: the first match anywhere, or none. */
        public RegexMatch search(String text) {
            Matcher matcher = pattern.matcher(text);
            return matcher.find() ? new RegexMatch(matcher, groupNames) : null;
        }

        /** {@code pattern.fullmatch(text)}: a match of the whole text, or none. */
        public RegexMatch fullmatch(String text) {
            Matcher matcher = pattern.matcher(text);
            return matcher.matches() ? new RegexMatch(matcher, groupNames) : null;
        }

        /** {@code pattern.sub(replacement, text)}: every match replaced. */
        public String sub(String replacement, String text) {
            return sub(replacement, text, 0);
        }

        /** {@code pattern.sub(replacement, text, count)}: the first {@code count} matches replaced (0: all). */
        public String sub(String replacement, String text, int count) {
            Matcher matcher = pattern.matcher(text);
            String javaReplacement = javaReplacement(replacement);
            StringBuilder out = new StringBuilder();
            int done = 0;
            while ((count == 0 || done < count) && matcher.find()) {
                matcher.appendReplacement(out, javaReplacement);
                done++;
            }
            matcher.appendTail(out);
            return out.toString();
        }

        /** {@code pattern.findall(text)}: the matches, the group when there is one, lists of groups when several. */
        public List<Object> findall(String text) {
            Matcher matcher = pattern.matcher(text);
            List<Object> found = new ArrayList<>();
            while (matcher.find()) {
                if (matcher.groupCount() == 0) {
                    found.add(matcher.group());
                } else if (matcher.groupCount() == 1) {
                    found.add(orEmpty(matcher.group(1)));
                } else {
                    List<Object> groups = new ArrayList<>();
                    for (int g = 1; g <= matcher.groupCount(); g++) {
                        groups.add(orEmpty(matcher.group(g)));
                    }
                    found.add(groups);
                }
            }
            return found;
        }

        /** {@code pattern.split(text)}: the pieces between matches, captured groups included, as Python's. */
        public List<Object> split(String text) {
            return split(text, 0);
        }

        /** {@code pattern.split(text, maxsplit)}. */
        public List<Object> split(String text, int maxsplit) {
            Matcher matcher = pattern.matcher(text);
            List<Object> pieces = new ArrayList<>();
            int start = 0;
            int splits = 0;
            while ((maxsplit == 0 || splits < maxsplit) && matcher.find()) {
                pieces.add(text.substring(start, matcher.start()));
                for (int g = 1; g <= matcher.groupCount(); g++) {
                    pieces.add(matcher.group(g));
                }
                start = matcher.end();
                splits++;
            }
            pieces.add(text.substring(start));
            return pieces;
        }

        /** {@code pattern.pattern}: the pattern as written for Java. */
        public String getPattern() {
            return pattern.pattern();
        }

        private static String orEmpty(String group) {
            return group == null ? "" : group;
        }
    }

    /** A match object: {@code group()}, {@code groups()}, {@code start()}, {@code end()}, {@code span()}. */
    public static final class RegexMatch implements PyishSerializable {

        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            appendable.append(toString());
            return appendable;
        }

        private final List<String> groups = new ArrayList<>();
        private final List<int[]> spans = new ArrayList<>();
        private final Map<String, Object> named = new LinkedHashMap<>();

        RegexMatch(Matcher matcher, List<String> groupNames) {
            for (int g = 0; g <= matcher.groupCount(); g++) {
                groups.add(matcher.group(g));
                spans.add(new int[] {matcher.start(g), matcher.end(g)});
            }
            groupNames.forEach(name -> named.put(name, matcher.group(name)));
        }

        /** {@code m.group()}: the whole match. */
        public String group() {
            return groups.get(0);
        }

        /** {@code m.group(n)} or {@code m.group('name')}. */
        public String group(Object which) {
            if (which instanceof Number number) {
                return groups.get(number.intValue());
            }
            if (!named.containsKey(String.valueOf(which))) {
                throw new IllegalArgumentException("no such group: " + which);
            }
            return (String) named.get(String.valueOf(which));
        }

        /** {@code m.groups()}: every group after the whole match. */
        public List<String> groups() {
            return groups.subList(1, groups.size());
        }

        /** {@code m.groupdict()}: named groups. */
        public Map<String, Object> groupdict() {
            return named;
        }

        /** {@code m.start()}. */
        public int start() {
            return spans.get(0)[0];
        }

        /** {@code m.end()}. */
        public int end() {
            return spans.get(0)[1];
        }

        /** {@code m.span()}. */
        public List<Integer> span() {
            return List.of(start(), end());
        }

        @Override
        public String toString() {
            return "<re.Match object; span=(%d, %d), match='%s'>".formatted(start(), end(), group());
        }
    }
}
