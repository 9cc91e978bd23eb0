package io.tooz;

import java.util.concurrent.CompletionStage;

/**
 * One holding of a {@link DistributedLock}. Closing the lease releases the lock; closing twice is harmless.
 *
 * <p>The coordinator keeps the lease alive (refreshing it in batches with the heartbeat) until it is released, the
 * coordinator stops, or the backend drops it. In the last case {@link #lost()} completes with the reason, on the
 * coordinator's dispatcher thread.
 */
public interface LockLease extends AutoCloseable {

    /** The lock's name. */
    String lockName();

    /**
     * The fencing token of this grant: strictly greater than every token handed out earlier for the same lock name,
     * to any holder, for the life of the backend's data. Pass it to the guarded resource and have it reject tokens
     * lower than the highest it has seen.
     */
    long fencingToken();

    /**
     * Completes when the lease is lost without being released: the session expired, the key expired, the connection
     * was lost, or an operator broke the lock. Never completes if the lease is released normally.
     */
    CompletionStage<LossReason> lost();

    /** Asks the backend whether this lease still holds the lock (one round trip). */
    boolean isStillOwner();

    /**
     * Releases the lock.
     *
     * @return {@code true} if this call released it; {@code false} if it was already released or lost
     */
    boolean release();

    /** Same as {@link #release()}, ignoring the result. */
    @Override
    void close();
}
