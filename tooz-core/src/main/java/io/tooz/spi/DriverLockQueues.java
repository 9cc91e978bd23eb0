package io.tooz.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read-write locks and counting semaphores, as one queue of entries per {@link LockId} ({@link LockId.Kind#READ_WRITE}
 * or {@link LockId.Kind#SEMAPHORE}). The driver only stores the queue; the core decides from it who holds what, waits,
 * and keeps the entries alive like lock grants ({@link DriverLeases}): this is ZooKeeper's lock recipe over every
 * backend.
 *
 * <p><b>The queue.</b> {@link #enqueue} adds an entry with a sequence number strictly greater than every earlier
 * entry's of the same id, for the life of the backend's data (it is the grant's fencing token: never reuse numbers,
 * even after the queue empties or its keys are deleted), the holder's member id and a short tag the core chooses
 * ({@code [a-z0-9:]}, at most 16 characters, e.g. {@code read}, {@code write}, {@code permits:5}); a driver may map
 * tags to a native layout but must give them back unchanged. The entry lives until {@linkplain #release released}, or
 * until its holder stops confirming it ({@link #refresh}, {@link #leaseTtl}) or its session ends, exactly like a lock
 * grant; the backend must not drop it earlier. {@link #entries} lists the live entries by sequence number. The core
 * holds every entry it made (granted or waiting) as a {@link DriverLease} whose {@code fencingToken} is the sequence
 * number, and refreshes and releases them through the {@link DriverLeases} methods.
 *
 * <p><b>Who holds.</b> The core's rules, for the driver's information: a {@code write} entry holds when it is first,
 * a {@code read} entry when no {@code write} entry is before it, a {@code permits:N} entry when fewer than N entries
 * are before it. A waiting entry needs to hear when an entry before it leaves ({@link #watchRemoval}).
 *
 * <p>Thread-safe; calls come from application threads, the core's timer and its lease thread at once.
 */
public interface DriverLockQueues extends DriverLeases {

    /**
     * Adds an entry for {@code holder} with {@code tag} to the queue of {@code id}, and lists the queue as it is just
     * after, in as few round trips as the backend allows (one where it can). Take {@link DriverLease#confirmedNanos()}
     * before sending the request that made the entry.
     *
     * @return the new entry as a grant (fencing token = its sequence number) and the live entries, own one included
     */
    Enqueued enqueue(LockId id, String holder, String tag);

    /** The live entries of the queue of {@code id}, in sequence order (one round trip where the backend allows). */
    List<QueueEntry> entries(LockId id);

    /**
     * Calls {@code removed} once {@code entry} has left the queue of {@code id} (released, expired, broken), from any
     * thread; a driver that can only tell that the queue changed may call on any change, and calls that come
     * spuriously or twice are harmless. It must be quick. If the entry is already gone, call it soon.
     *
     * <p>{@code null} (the default): the backend cannot push; the core reads the queue again on its timer. The core
     * also reads it again every {@link #leaseTtl} (or second) while it waits, so a push missed for an entry that
     * expired costs at most that.
     *
     * @return closing it stops the calls
     */
    default @Nullable AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        return null;
    }

    /**
     * Removes every entry of the queue of {@code id}, holders and waiters; {@code true} if there was one. Their
     * coordinators learn it at their next {@link #refresh} (or sooner through {@link DriverEvents#leaseLost}).
     * Optional, like {@link DriverLocks#forceBreak}: the core calls it only for drivers with {@link
     * io.tooz.Feature#LOCK_BREAK}.
     */
    default boolean forceBreak(LockId id) {
        throw new io.tooz.UnsupportedFeatureException("this driver cannot break locks");
    }

    /**
     * The answer to {@link #enqueue}.
     *
     * @param lease the new entry, as the grant the core holds from now on
     * @param entries the live entries just after, in sequence order, including the new one
     */
    record Enqueued(DriverLease lease, List<QueueEntry> entries) {
        /** Copies the list. */
        public Enqueued {
            entries = List.copyOf(entries);
        }
    }
}
