package io.tooz.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Enforces lease deadlines on a thread of its own that does no I/O, so no blocking call (a refresh stuck in a
 * partition, a hung membership heartbeat) can delay the moment a holder is told. The holder's {@code lost()} completes
 * on this thread: dependent actions that block should use an executor of their own.
 *
 * <p>One check is pending at a time, at the earliest deadline any lease had when it was scheduled: a grant whose
 * deadline is later (the usual case, as time moves on) costs no scheduling at all, which keeps the acquire path as
 * cheap as before deadlines existed.
 */
final class LeaseClock {
    private final Supplier<String> memberId;
    private final HeldLeases held;
    private @Nullable ScheduledThreadPoolExecutor timer;
    /** When the pending check runs ({@link System#nanoTime()}); meaningful while {@link #pending}. */
    private volatile long checkAt;

    private volatile boolean pending;

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

    /** Makes sure a check runs no later than {@code deadline} ({@link System#nanoTime()}). */
    void checkBy(long deadline) {
        if (pending && checkAt - deadline <= 0) {
            return;
        }
        synchronized (this) {
            if (pending && checkAt - deadline <= 0) {
                return;
            }
            long delay = Math.max(0, deadline - System.nanoTime());
            try {
                timer().schedule(this::check, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                return; // the coordinator stopped; its leases were released
            }
            checkAt = deadline;
            pending = true;
        }
    }

    /** Tells the holders of every lease past its deadline, then waits for the next deadline. */
    private void check() {
        synchronized (this) {
            if (System.nanoTime() - checkAt < 0) {
                return; // an earlier check was scheduled since; this one is stale
            }
            pending = false;
        }
        long next = held.expireDue(System.nanoTime());
        if (next != Long.MAX_VALUE) {
            checkBy(next);
        }
    }
}
