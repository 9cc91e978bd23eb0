package io.tooz;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears what a coordinator does, for metrics and tracing: lock acquisitions and their outcome, how long leases were
 * held and why they were lost, leaderships, the members of watched groups, watcher delays, every call to the
 * backend, and the connection's state. Register it with {@link CoordinatorBuilder#observer}; {@code tooz-micrometer}'s
 * {@code ToozMetrics} is one.
 *
 * <pre>{@code
 * Coordinator c = Coordinator.builder(url)
 *         .observer(new CoordinatorObserver() {
 *             public void onLeaseLost(LeaseLost e) {
 *                 log.warn("lost {} {}: {}", e.kind(), e.name(), e.reason());
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Every method does nothing by default; new kinds of events come as new default methods, so an observer written
 * today keeps compiling. Events are reported as the coordinator learns of them, from what it does anyway: observing
 * costs no request to the backend, and a coordinator without observers does no observer work at all.
 *
 * <p><b>Threads.</b> Methods are called on the coordinator's own threads (the caller's for an acquisition, the lease
 * clock's for a lease lost at its deadline, the dispatcher's, the driver's), possibly several at once: they must be
 * thread-safe, return quickly, never block and never throw. What an observer throws is caught and logged (once per
 * observer, event and exception class), and the coordinator goes on.
 */
public interface CoordinatorObserver {

    /** A lock acquisition ended: with a lease, without one when its time ran out, or with an error. */
    default void onLockAcquire(LockAcquire event) {}

    /** A held lease was released by its holder. */
    default void onLeaseReleased(LeaseReleased event) {}

    /** A held lease was lost (see {@link LockLease#lost()}). */
    default void onLeaseLost(LeaseLost event) {}

    /** This member became, or stopped being, the leader of a group it runs for. */
    default void onLeadership(Leadership event) {}

    /** The members of a watched group, when the watch starts and each time the coordinator sees them change. */
    default void onGroupMembers(GroupMembers event) {}

    /** An event is about to reach the watcher callbacks registered for it. */
    default void onWatchDelivery(WatchDelivery event) {}

    /** A call to the driver (a request to the backend, for most) ended. */
    default void onBackendCall(BackendCall event) {}

    /** The coordinator's view of its connection changed. */
    default void onConnectionChange(ConnectionChange event) {}

    /** What kind of grant a lease is. */
    enum LockKind {
        /** An exclusive lock ({@link Coordinator#getLock}). */
        LOCK,
        /** The read mode of a {@link ReadWriteLock}. */
        READ,
        /** The write mode of a {@link ReadWriteLock}. */
        WRITE,
        /** A permit of a {@link DistributedSemaphore}. */
        PERMIT,
        /** The leadership of a group (its leases are reported; acquisitions are not: a candidate waits forever). */
        LEADER
    }

    /** How an acquisition ended. */
    enum AcquireOutcome {
        /** It returned a lease. */
        ACQUIRED,
        /** Its time ran out, or a try found the lock taken. */
        TIMED_OUT,
        /** It threw (the backend failed, the coordinator stopped), was interrupted, or was cancelled. */
        FAILED
    }

    /**
     * The coordinator's view of its connection, from what it learns anyway: the outcome of its calls to the backend
     * (heartbeats, lease refreshes, the application's operations), the driver's reports of a lost and a new session,
     * and lease deadlines passing. A driver that makes no call for a while (ZooKeeper with no lock held, say) changes
     * state only when it next calls or reports.
     */
    enum ConnectionState {
        /** Started, and the last call reached the backend. */
        CONNECTED,
        /** A call failed to reach the backend, or a lease passed its deadline unconfirmed; leases may be at risk. */
        SUSPENDED,
        /** The driver reported the session lost: every lease of this member is gone. */
        LOST,
        /** Stopped, or not started yet. */
        CLOSED
    }

    /**
     * An acquisition of a lock, a read or write lock, or a semaphore permit ended; blocking, trying and asynchronous
     * acquisitions alike.
     *
     * @param kind what was acquired (never {@link LockKind#LEADER})
     * @param name the lock's or semaphore's name
     * @param waited from the call until the outcome
     * @param outcome how it ended
     */
    record LockAcquire(LockKind kind, String name, Duration waited, AcquireOutcome outcome) {}

    /**
     * A lease ended by its holder's {@link LockLease#release()} (for a leadership: standing down or withdrawing).
     *
     * @param kind what was held
     * @param name the lock's name, or the group's for a leadership
     * @param held from the grant until the release
     */
    record LeaseReleased(LockKind kind, String name, Duration held) {}

    /**
     * A lease ended without being released, as its holder's {@link LockLease#lost()} says.
     *
     * @param kind what was held
     * @param name the lock's name, or the group's for a leadership
     * @param held from the grant until the loss was noticed
     * @param reason why
     */
    record LeaseLost(LockKind kind, String name, Duration held, LossReason reason) {}

    /**
     * This member was elected leader of a group, or stopped leading it.
     *
     * @param group the group
     * @param gained true when elected, false when the leadership ended (stood down, lost, stopped)
     */
    record Leadership(String group, boolean gained) {}

    /**
     * The members of a group that this coordinator watches ({@link Coordinator#watchJoinGroup}, {@link
     * Coordinator#watchLeaveGroup}, a scheduler's group...).
     *
     * @param group the group
     * @param count how many members it has now
     */
    record GroupMembers(String group, int count) {}

    /**
     * A watcher event is about to be delivered to its callbacks (events nobody watches are not reported).
     *
     * @param event the event
     * @param delay from when the coordinator learned of it until its delivery began; in {@link WatchMode#MANUAL},
     *     this includes the wait for {@link Coordinator#runWatchers}
     */
    record WatchDelivery(GroupEvent event, Duration delay) {}

    /**
     * A call to the driver ended. Calls that do no I/O by contract (asking a facet's lease TTL, say) and optional SPI
     * methods the driver does not implement are not reported.
     *
     * @param operation the driver SPI method called ({@code acquire}, {@code release}, {@code refresh}, {@code
     *     getMembers}, {@code claim}, {@code heartbeat}...): a small fixed set
     * @param took how long the call took
     * @param error what it threw, or {@code null}
     */
    record BackendCall(String operation, Duration took, @Nullable Throwable error) {}

    /**
     * The coordinator's view of its connection changed.
     *
     * @param memberId the coordinator's member id (an observer may serve several coordinators)
     * @param previous the state before
     * @param current the state now
     */
    record ConnectionChange(String memberId, ConnectionState previous, ConnectionState current) {}
}
