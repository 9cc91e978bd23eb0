package io.tooz;

import java.time.Duration;

/**
 * A gate: while it is set, {@link #await(Duration)} blocks; removing it lets every waiter through. Built on a group
 * named {@code tooz-barrier-<name>} (the setter is its member), so it works on every driver with {@link
 * Feature#GROUPS}; if the setter dies, its membership expires and the gate opens.
 */
public interface GateBarrier {

    /** The barrier's name. */
    String name();

    /** Closes the gate. Setting a gate this coordinator already set is harmless. */
    void set();

    /** Opens the gate, whoever set it. Removing an open gate is harmless. */
    void remove();

    /** Whether the gate is closed now. */
    boolean isSet();

    /**
     * Waits until the gate is open.
     *
     * @return {@code true} if the gate is open, {@code false} if {@code timeout} passed first
     */
    boolean await(Duration timeout);
}
