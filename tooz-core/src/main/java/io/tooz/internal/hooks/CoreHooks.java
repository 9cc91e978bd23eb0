package io.tooz.internal.hooks;

import io.tooz.Coordinator;
import io.tooz.internal.DefaultCoordinator;
import io.tooz.internal.SchedulerFaults;
import io.tooz.internal.memory.MemoryBackend;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.spi.Driver;

/**
 * What only the core can do to a coordinator or scheduler for fault injection: the TCK's {@code Faults}, tooz-junit's
 * {@code ToozFaults} and the CLI's demo reach it here (the module exports this package to them alone). Faults that depend on the backend, such as
 * ending a ZooKeeper session, are the test fixture's job, against the backend itself.
 */
public final class CoreHooks {
    private CoreHooks() {}

    /** Stops (or restarts) the coordinator's automatic heartbeats: the backend expires a member that stops. */
    public static void pauseHeartbeats(Coordinator coordinator, boolean paused) {
        impl(coordinator).pauseHeartbeats(paused);
    }

    /** Kills a scheduler as a killed process dies: no more claims or runs, runs in progress interrupted, no leave. */
    public static void crash(PeriodicScheduler scheduler) {
        hooks(scheduler).halt();
    }

    /** Stalls (or resumes) a scheduler's threads at their next step, as a long GC pause or SIGSTOP would. */
    public static void stall(PeriodicScheduler scheduler, boolean stalled) {
        hooks(scheduler).freeze(stalled);
    }

    /** Takes {@code memory://name} down (every operation fails) or brings it back; sessions keep ageing. */
    public static void setMemoryBackendAvailable(String name, boolean available) {
        MemoryBackend.setAvailable(name, available);
    }

    /**
     * Cuts a started {@code memory://} coordinator off its backend, or heals it, as a network partition between that
     * one client and its server would: while cut off, every call it makes fails with {@link
     * io.tooz.ToozConnectionException}, so the backend expires its session once the TTL passes.
     *
     * @throws IllegalArgumentException if the coordinator is not on {@code memory://}
     */
    public static void cutOffFromMemoryBackend(Coordinator coordinator, boolean cutOff) {
        if (!MemoryBackend.cutOff(driver(coordinator), cutOff)) {
            throw new IllegalArgumentException("not a memory:// coordinator: " + coordinator);
        }
    }

    /**
     * Ends a started {@code memory://} coordinator's session now, as the backend does when the TTL passes without a
     * heartbeat: its memberships and locks go, and it is told so.
     *
     * @throws IllegalArgumentException if the coordinator is not on {@code memory://}
     */
    public static void expireMemorySession(Coordinator coordinator) {
        if (!MemoryBackend.expireSession(driver(coordinator))) {
            throw new IllegalArgumentException("not a memory:// coordinator: " + coordinator);
        }
    }

    /** The driver behind a started coordinator, for a driver's own test fixture (which may cast it). */
    public static Driver driver(Coordinator coordinator) {
        return impl(coordinator).driver();
    }

    private static SchedulerFaults hooks(PeriodicScheduler scheduler) {
        if (scheduler instanceof SchedulerFaults f) {
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
