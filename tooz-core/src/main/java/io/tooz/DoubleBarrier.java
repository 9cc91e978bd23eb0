package io.tooz;

import java.time.Duration;

/**
 * A double barrier: {@link #enter(Duration)} waits until the configured number of members have entered, and {@link
 * #leave(Duration)} waits until all of them have left (Curator's {@code DistributedDoubleBarrier}). Built on a group
 * named {@code tooz-dbarrier-<name>}; a member that dies counts as having left.
 */
public interface DoubleBarrier {

    /** The barrier's name. */
    String name();

    /** How many members must enter before anyone proceeds. */
    int memberCount();

    /**
     * Enters and waits for the others.
     *
     * @return {@code true} once enough members have entered, {@code false} if {@code timeout} passed first (this
     *     member stays entered; call {@link #leave(Duration)} to withdraw)
     */
    boolean enter(Duration timeout);

    /**
     * Leaves and waits until every member has left.
     *
     * @return {@code true} once the barrier is empty, {@code false} if {@code timeout} passed first
     */
    boolean leave(Duration timeout);
}
