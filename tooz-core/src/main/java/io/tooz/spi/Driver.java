package io.tooz.spi;

import io.tooz.Characteristic;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One coordinator's connection to a backend, for one started period: {@link DriverProvider#create} makes it, the core
 * calls {@link #start()} once and {@link #close()} once (also after a {@code start()} that failed), and a coordinator
 * started again gets a new driver. Before {@code start()} returns the core calls only {@link #checkName}, {@link
 * #characteristics()}, {@link #facets()} and {@link #ttl()}, which must not do I/O; it stops its own calls before
 * {@code close()} (an application thread may still be inside a call then, and should get an error).
 *
 * <p>A driver offers features through {@link Facets}, declared once; an absent facet means the feature is absent.
 * Facet methods are blocking, may be called from several threads at once (each facet says which) and must be
 * thread-safe. They throw {@link io.tooz.ToozException} subclasses; backend errors are translated in one place per
 * driver (connection problems to {@link io.tooz.ToozConnectionException} naming host and port, never a password).
 * Whatever else a driver throws reaches the application wrapped in a {@code ToozException}.
 *
 * <p>The core owns everything that is the same for every backend: the order of group operations, the heartbeat and
 * lease-refresh schedules, the held grants and their deadlines ({@link DriverContext#heldLeases()}), the joined
 * groups and re-joining them ({@link DriverContext#joinedGroups()}), watch re-reads and event dispatch, leader
 * election, barriers and the partitioner. {@code docs/writing-a-driver.md} walks through writing one.
 */
public interface Driver {

    /** What the driver guarantees (Python tooz's characteristics); a constant, checked when a coordinator is built. */
    Set<Characteristic> characteristics();

    /**
     * What the driver offers: its groups, watch, locks and claims facets, {@code null} for those it lacks. A constant:
     * the core reads it once per driver, and the coordinator's {@link io.tooz.Coordinator#features()} follow from it.
     */
    Facets facets();

    /**
     * Connects, on the thread that called {@link io.tooz.Coordinator#start()}. The context's scheduler and events
     * exist by now. Ends within the configured timeout; throws {@link io.tooz.ToozConnectionException} naming host and
     * port if the backend cannot be reached, and the core then calls {@link #close()}. Creates what a heartbeat
     * refreshes (a liveness key, a lease) before returning, so the first join finds it. The core never retries a
     * failed start; the application may call {@code start()} again.
     */
    void start();

    /**
     * Disconnects and frees resources, on the thread that called {@link io.tooz.Coordinator#stop()}. By then the core
     * has run or failed every queued operation, left every joined group, released every held grant and closed every
     * watch; what is left in the backend (a member the backend could not be told about) goes with the session or its
     * TTL. Must not throw for a backend that is gone (log at debug); a failure is logged as a warning and ignored.
     */
    void close();

    /**
     * How long the backend keeps this member alive without a heartbeat, for TTL-based drivers: the core calls {@link
     * #heartbeat()} every half of it ({@link io.tooz.Coordinator#heartbeat()} returns that interval) and offers
     * {@link io.tooz.Feature#HEARTBEAT_EXPIRY}. Empty (the default) for session-based drivers (ZooKeeper). A constant.
     */
    default Optional<Duration> ttl() {
        return Optional.empty();
    }

    /**
     * Refreshes this member's liveness in the backend, all its memberships at once, in one request where the backend
     * allows. The core calls it on its heartbeat thread, one call at a time, every half {@link #ttl()} (every 10 s
     * without one), and on the application's thread for {@link io.tooz.Coordinator#heartbeat()}, so two calls may
     * overlap. Lock leases are not refreshed here but by {@link DriverLocks#refresh}, on a thread of their own. A
     * liveness found expired is written anew and reported with {@link DriverEvents#membershipsLost}. A failure is
     * logged (at most every 30 s) and the next beat tries again; the core never retries sooner.
     */
    default void heartbeat() {}

    /**
     * Rejects names the backend cannot store, after the core's own check (non-empty, at most 255 UTF-8 bytes). Called
     * on the application's thread before the operation is queued, for every group, member and lock name; no I/O.
     *
     * @throws io.tooz.InvalidNameException saying what is allowed
     */
    default void checkName(NameKind kind, String name) {}

    /** What a name names, for {@link #checkName}. */
    enum NameKind {
        GROUP,
        MEMBER,
        LOCK
    }
}
