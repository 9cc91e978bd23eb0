package io.tooz.internal.hooks;

import io.tooz.Coordinator;
import io.tooz.internal.DefaultCoordinator;
import io.tooz.internal.SchedulerFaults;
import io.tooz.internal.memory.MemoryBackend;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.spi.Driver;

/**
 * What only the core can do to a coordinator or scheduler for fault injection: the TCK's {@code Faults} and the CLI's
 * demo reach it here (the module exports this package to them alone). Faults that depend on the backend, such as
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
