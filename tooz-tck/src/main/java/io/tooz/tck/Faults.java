package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.schedule.PeriodicScheduler;

/**
 * Failure injection for tests, on any driver: make a coordinator look dead, kill or stall a periodic-task worker,
 * take a {@code memory://} backend down. Ending a session at once depends on the backend: a fixture does it (see
 * {@link ContractSupport#expireSession}).
 *
 * <pre>{@code
 * Faults.pauseHeartbeats(worker);      // the backend expires its memberships and locks after the TTL
 * }</pre>
 */
public final class Faults {
    private Faults() {}

    /** Stops the coordinator's automatic heartbeats until {@link #resumeHeartbeats}; the backend will expire it. */
    public static void pauseHeartbeats(Coordinator coordinator) {
        CoreHooks.pauseHeartbeats(coordinator, true);
    }

    /** Restarts automatic heartbeats paused by {@link #pauseHeartbeats}. */
    public static void resumeHeartbeats(Coordinator coordinator) {
        CoreHooks.pauseHeartbeats(coordinator, false);
    }

    /**
     * Simulates an outage of the {@code memory://name} backend: while unavailable, every operation of every
     * coordinator on it fails with {@link io.tooz.ToozConnectionException}; sessions keep ageing, as on a real server.
     */
    public static void setMemoryBackendAvailable(String name, boolean available) {
        CoreHooks.setMemoryBackendAvailable(name, available);
    }

    /**
     * Kills a periodic-task worker as a killed process dies: it claims and runs nothing more, runs in progress are
     * interrupted, and it does not leave its group. Its membership stays until the backend expires it.
     */
    public static void crash(PeriodicScheduler scheduler) {
        CoreHooks.crash(scheduler);
    }

    /**
     * Stalls (or resumes) a periodic-task worker at its next step: just before sending a claim or running an action,
     * as a long GC pause or SIGSTOP would. Combine with {@link #pauseHeartbeats} so its membership expires meanwhile.
     */
    public static void stall(PeriodicScheduler scheduler, boolean stalled) {
        CoreHooks.stall(scheduler, stalled);
    }
}
