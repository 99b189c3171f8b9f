package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.NodeConfig;
import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one template render, reachable from the dbt functions jinjava calls: what the template configured and
 * referenced, which file it is, and the first failure a function raised (jinjava replaces the exception a function
 * throws with its own, so the original is kept here).
 */
final class RenderScope {

    private static final ThreadLocal<Deque<RenderScope>> CURRENT = ThreadLocal.withInitial(ArrayDeque::new);

    /** Whether {@code execute} is true: false while parsing (collecting config and refs), true when compiling. */
    enum Mode {
        PARSE,
        COMPILE
    }

    final Path file;
    final String nodeName;
    final Mode mode;
    final Optional<Relation> self;
    final Map<String, Object> config = new LinkedHashMap<>();
    final Set<String> refs = new LinkedHashSet<>();
    final Set<String> sources = new LinkedHashSet<>();
    final Set<String> ephemeralRefs = new LinkedHashSet<>();
    /** A name looked up and not found, with the 1-based line and column of the tag or expression that did it. */
    record UndefinedLookup(String name, int line, int column) {}

    final List<UndefinedLookup> undefinedLookups = new ArrayList<>();
    final Deque<Object[]> returnSlots = new ArrayDeque<>();
    /** SQL adapter calls asked to run ({@code adapter.drop_relation}); a hook runs them in its place. */
    final List<String> hookStatements = new ArrayList<>();
    /** Whether this render is a hook's, where adapter calls add to {@link #hookStatements} instead of running. */
    boolean collectsStatements;
    /** What each named {@code statement()} answered, for {@code load_result(name)}. */
    final Map<String, Object> statementResults = new LinkedHashMap<>();

    RuntimeException failure;
    /** The innermost project macro an error was raised in, if any. */
    String failedInMacro;

    NodeConfig baseConfig = NodeConfig.empty();
    /** The answer {@code is_incremental()} gives in this render when one was fixed for it; null to decide. */
    Boolean isIncrementalOverride;

    /**
     * The package of the node being rendered, for a node of an installed package: its vars, and its macros before the
     * project's for unqualified calls, as dbt resolves them; null for the project's own nodes.
     */
    String packageName;

    /** Set while a model renders for a dbt unit test: its inputs stand in for refs and sources. */
    UnitTestRendering unitTest;

    RenderScope(Path file, String nodeName, Mode mode, Optional<Relation> self) {
        this.file = file;
        this.nodeName = nodeName;
        this.mode = mode;
        this.self = self;
    }

    static RenderScope current() {
        RenderScope scope = CURRENT.get().peek();
        if (scope == null) {
            throw new IllegalStateException("a dbt function was called outside of a harness render");
        }
        return scope;
    }

    void enter() {
        CURRENT.get().push(this);
    }

    void exit() {
        CURRENT.get().pop();
    }

    /** Remembers the first failure raised by a dbt function and returns it for throwing. */
    RuntimeException fail(RuntimeException failure) {
        if (this.failure == null) {
            this.failure = failure;
        }
        return failure;
    }
}
