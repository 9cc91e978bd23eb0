package io.tooz.testing;

import io.tooz.Coordinator;
import io.tooz.UnsupportedFeatureException;
import io.tooz.internal.DefaultCoordinator;

/**
 * Failure injection for tests: make one coordinator look dead or cut off, on any driver where it can be simulated.
 *
 * <pre>{@code
 * Faults.pauseHeartbeats(worker);      // worker's memberships and locks expire after the TTL
 * Faults.expireSession(worker);        // or end its session at once (memory://, ZooKeeper)
 * }</pre>
 */
public final class Faults {
    private Faults() {}

    /** Stops the coordinator's automatic heartbeats until {@link #resumeHeartbeats}; the backend will expire it. */
    public static void pauseHeartbeats(Coordinator coordinator) {
        impl(coordinator).pauseHeartbeats(true);
    }

    /** Restarts automatic heartbeats paused by {@link #pauseHeartbeats}. */
    public static void resumeHeartbeats(Coordinator coordinator) {
        impl(coordinator).pauseHeartbeats(false);
    }

    /** Whether the driver can {@link #expireSession} this coordinator. */
    public static boolean canExpireSession(Coordinator coordinator) {
        return impl(coordinator).canExpireSession();
    }

    /**
     * Ends the coordinator's session in the backend now, as an expiry would: its memberships and locks go, its
     * leases complete {@link io.tooz.LockLease#lost()}, and it loses leadership.
     *
     * @throws UnsupportedFeatureException if the driver cannot simulate this
     */
    public static void expireSession(Coordinator coordinator) {
        impl(coordinator).expireSession();
    }

    /**
     * Deletes a group with all its members at once, bypassing the checks of {@link io.tooz.Coordinator#deleteGroup};
     * watchers see every cached member leave (Python tooz's {@code _destroy_group} test helper).
     *
     * @throws UnsupportedFeatureException if the driver cannot simulate this
     */
    public static void destroyGroup(Coordinator coordinator, String groupId) {
        impl(coordinator).faults().destroyGroup(groupId);
    }

    /**
     * Simulates an outage of the {@code memory://name} backend: while unavailable, every operation of every
     * coordinator on it fails with {@link io.tooz.ToozConnectionException}; sessions keep ageing, as on a real server.
     */
    public static void setMemoryBackendAvailable(String name, boolean available) {
        io.tooz.internal.memory.MemoryBackend.setAvailable(name, available);
    }

    /**
     * Kills a periodic-task worker as a killed process dies: it claims and runs nothing more, runs in progress are
     * interrupted, and it does not leave its group. Its membership stays until the backend expires it; combine with
     * {@link #pauseHeartbeats} (TTL drivers) or {@link #expireSession} (session drivers) for the session to die.
     */
    public static void crash(io.tooz.schedule.PeriodicScheduler scheduler) {
        hooks(scheduler).halt();
    }

    /**
     * Stalls (or resumes) a periodic-task worker at its next step: just before sending a claim or running an action,
     * as a long GC pause or SIGSTOP would. Combine with {@link #pauseHeartbeats} so its membership expires meanwhile.
     */
    public static void stall(io.tooz.schedule.PeriodicScheduler scheduler, boolean stalled) {
        hooks(scheduler).freeze(stalled);
    }

    private static io.tooz.internal.SchedulerFaults hooks(io.tooz.schedule.PeriodicScheduler scheduler) {
        if (scheduler instanceof io.tooz.internal.SchedulerFaults f) {
            return f;
        }
        throw new IllegalArgumentException("not a scheduler built by PeriodicScheduler.builder(): " + scheduler);
    }

    private static DefaultCoordinator impl(Coordinator coordinator) {
        if (coordinator instanceof DefaultCoordinator d) {
            return d;
        }
        throw new IllegalArgumentException("not a coordinator built by Coordinator.builder(): " + coordinator);
    }
}
