package io.tooz.junit;

import io.tooz.Coordinator;

/**
 * Fault injection for testing how an application handles a lost lease, an expired membership or a network
 * partition: inject it as a parameter next to the coordinators it acts on.
 *
 * <pre>{@code
 * @Test
 * void theJobStopsWhenItsLockIsLost(Coordinator worker, ToozFaults faults) {
 *     ReportJob job = new ReportJob(worker);
 *     job.start();                                   // takes the lock, watches lease.lost()
 *     faults.cutOff(worker);                         // the backend hears nothing more from it
 *     await().atMost(Duration.ofSeconds(10)).until(job::stopped);   // lost() completed after the TTL
 *     faults.heal(worker);
 * }
 * }</pre>
 *
 * <p>What each fault does depends on the backend, as the methods say. {@link #cutOff} needs a coordinator the
 * extension created (injected, or from {@link ToozBackend#newCoordinator()}) on a backend reached through TCP, or any
 * {@code memory://} coordinator; the others work on any started coordinator. The extension heals every fault of its own
 * coordinators before it closes them after the test. All methods are thread-safe.
 */
public interface ToozFaults {

    /**
     * Stops the coordinator's automatic heartbeats and lock refreshes until {@link #resumeHeartbeats}, as a long GC
     * pause would: the backend expires its memberships and locks once the TTL passes, and its leases' {@code lost()}
     * complete; it can still send requests. On ZooKeeper, whose client proves liveness with its own pings on the
     * connection, the coordinator is cut off instead (as {@link #cutOff}), so that its session expires after the
     * session timeout.
     *
     * @throws UnsupportedOperationException on a backend that neither expires members by TTL nor is reached through
     *     the extension's proxy
     */
    void pauseHeartbeats(Coordinator coordinator);

    /** Restarts what {@link #pauseHeartbeats} stopped; the coordinator rejoins the groups it had lost. */
    void resumeHeartbeats(Coordinator coordinator);

    /**
     * Ends the coordinator's session at the backend as an expiry does, and returns once it has ended: its memberships
     * and locks go, its leases' {@code lost()} complete, and it then carries on with a new session, rejoining its
     * groups. On {@code memory://} and ZooKeeper this happens at once. Elsewhere heartbeats are paused for one and a
     * half TTLs plus half a second and then resumed, so this call takes that long (on {@code file://} only memberships
     * expire: its locks are the process's).
     *
     * @throws IllegalStateException on ZooKeeper while the coordinator is {@linkplain #cutOff cut off}: heal it first
     */
    void expireSession(Coordinator coordinator);

    /**
     * Cuts the coordinator off its backend, as a network partition between the two would, until {@link #heal}: its
     * requests, heartbeats and lock refreshes go unanswered, so its calls time out, its leases' {@code lost()}
     * complete once the TTL passes, and the backend expires its session. Through TCP the extension's proxy stops
     * forwarding without closing a connection; on {@code memory://} every call of this coordinator fails at once with
     * {@link io.tooz.ToozConnectionException} (the backend's notifications still reach it). Other coordinators are not
     * affected.
     *
     * @throws UnsupportedOperationException for a coordinator that does not go through a proxy of the extension (one
     *     it did not create, or on a backend it does not proxy: TLS, several hosts, no port in the URL, a unix
     *     socket or host given by an option, {@code file://})
     */
    void cutOff(Coordinator coordinator);

    /**
     * Ends a {@link #cutOff}: held bytes are delivered, and the coordinator finds out what happened meanwhile (a
     * session that expired, leases that were lost) and recovers as after a real partition.
     */
    void heal(Coordinator coordinator);
}
