package dev.pgtrickle.test.harness.emulation;

/**
 * Keeps the emulation's internals out of the messages users read. The real pg_trickle raises its errors from Rust,
 * without a PL/pgSQL call stack; the emulation's errors carry a {@code Where:} trail through its internal functions
 * ({@code pgtrickle._emulation_*}), lines that say nothing to a user and would not appear on the real extension.
 */
public final class EmulationMessages {

    private EmulationMessages() {}

    /** {@code message} without the emulation's {@code Where:} trail; every other part (hint, position) stays. */
    public static String withoutEmulationContext(String message) {
        if (message == null) {
            return null;
        }
        int where = message.indexOf("\n  Where: ");
        if (where < 0 || !message.substring(where).contains("pgtrickle._emulation_")) {
            return message;
        }
        return message.substring(0, where);
    }
}
