package io.tooz.internal;

import io.tooz.spi.DriverLease;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Enforces lease deadlines on a thread of its own that does no I/O, so no blocking call (a refresh stuck in a
 * partition, a hung membership heartbeat) can delay the moment a holder is told. The holder's {@code lost()} completes
 * on this thread: dependent actions that block should use an executor of their own.
 */
final class LeaseClock {
    private final Supplier<String> memberId;
    private final HeldLeases held;
    private ScheduledThreadPoolExecutor timer;

    LeaseClock(Supplier<String> memberId, HeldLeases held) {
        this.memberId = memberId;
        this.held = held;
    }

    private synchronized ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            timer = (ScheduledThreadPoolExecutor)
                    Executors.newScheduledThreadPool(1, Threads.named("tooz-leases-" + memberId.get()));
            timer.setRemoveOnCancelPolicy(true);
            timer.setKeepAliveTime(10, TimeUnit.SECONDS); // no thread while nothing is held
            timer.allowCoreThreadTimeOut(true);
        }
        return timer;
    }

    /** Checks {@code lease} at {@code deadline} (nanoTime), and again at its new deadline if it was confirmed since. */
    Future<?> watch(DriverLease lease, long deadline) {
        long delay = Math.max(0, deadline - System.nanoTime());
        try {
            return timer().schedule(() -> check(lease), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            return null; // the coordinator stopped; its leases were released
        }
    }

    private void check(DriverLease lease) {
        HeldLeases.Entry e = held.entry(lease);
        if (e == null) {
            return;
        }
        long deadline = e.deadline;
        if (System.nanoTime() - deadline >= 0) {
            held.deadlinePassed(lease);
        } else {
            e.check = watch(lease, deadline);
        }
    }
}
