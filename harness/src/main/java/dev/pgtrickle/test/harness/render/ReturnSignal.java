package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.interpret.InterpretException;

/**
 * Thrown by dbt's {@code return(value)} to leave the macro being called. The value itself travels in the
 * {@link ReturningMacroFunction}'s slot, because jinjava replaces exceptions thrown by functions with its own.
 */
final class ReturnSignal extends InterpretException {

    ReturnSignal() {
        super("return()");
    }
}
