package io.tooz.internal;

import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code acquireAsync} waiters of one lock on one coordinator. An attempt is a single try (timeout 0) on {@link
 * AsyncIo}, for the first waiter still waiting; attempts run one at a time, when a waiter arrives, when the driver
 * pushes that the holder may have changed ({@link io.tooz.spi.DriverLocks#watchHolder}), and on a timer: every
 * second as a safety net behind a push, or, where the driver cannot push, after 20 ms doubling to a second. A grant
 * goes to the first waiter still waiting, and is released if none is. No thread waits between attempts.
 */
final class AsyncWaiters {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncWaiters.class);
    private static final long FIRST_RETRY_MS = 20;
    private static final long MAX_RETRY_MS = 1000;
    private static final long SAFETY_NET_MS = 1000;

    private final DefaultCoordinator coordinator;
    private final LockId id;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(); // the rest guarded by this too
    private boolean watchAsked;
    private boolean closed;
    private boolean running; // an attempt is queued or running
    private boolean again; // kicked while running: try once more
    private @Nullable AutoCloseable watch;
    private @Nullable ScheduledFuture<?> retry;
    private long backoffMs = FIRST_RETRY_MS;

    /** One {@code acquireAsync} call; done when granted, timed out, cancelled or failed. */
    record Waiter(CompletableFuture<LockLease> result) {}

    AsyncWaiters(DefaultCoordinator coordinator, LockId id) {
        this.coordinator = coordinator;
        this.id = id;
    }

    synchronized void add(Waiter w) {
        waiters.add(w);
    }

    /** Removes a waiter; true if none is left. */
    synchronized boolean remove(Waiter w) {
        waiters.remove(w);
        return waiters.isEmpty();
    }

    /** Asks for an attempt: now if none runs, else right after the running one. */
    void kick() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (running) {
                again = true;
                return;
            }
            running = true;
        }
        AsyncIo.executor().execute(this::attempt);
    }

    private void attempt() {
        watchOnce();
        while (true) {
            synchronized (this) {
                again = false;
                if (closed || firstWaiting() == null) {
                    running = false;
                    return;
                }
            }
            Optional<LockLeaseImpl> grant;
            try {
                grant = tryOnce(coordinator, id);
            } catch (RuntimeException e) {
                synchronized (this) {
                    running = false;
                }
                failAll(Errors.unwrap(e, "acquiring lock " + id.name()));
                return;
            }
            grant.ifPresent(this::handOver);
            synchronized (this) {
                if (grant.isPresent()) {
                    backoffMs = FIRST_RETRY_MS;
                }
                if (again) {
                    continue; // the holder may have changed since we tried (the grantee may have released already)
                }
                running = false;
                scheduleRetry();
                return;
            }
        }
    }

    /** On the first attempt: the driver's push, if it has one; before trying, so no change is missed. */
    private void watchOnce() {
        synchronized (this) {
            if (watchAsked || closed) {
                return;
            }
            watchAsked = true;
        }
        AutoCloseable w = null;
        try {
            w = coordinator.locksFacet().watchHolder(id, this::kick);
        } catch (RuntimeException e) {
            LOG.warn("cannot watch the holder of {}; retrying on a timer: {}", id, e.getMessage());
        }
        boolean closeNow;
        synchronized (this) {
            closeNow = closed;
            if (!closed) {
                watch = w;
            }
        }
        if (closeNow && w != null) {
            closeQuietly(w);
        }
    }

    private @Nullable Waiter firstWaiting() {
        while (!waiters.isEmpty() && waiters.peek().result().isDone()) {
            waiters.poll();
        }
        return waiters.peek();
    }

    /** Gives the grant to the first waiter still waiting; releases it if there is none (all cancelled). */
    private void handOver(LockLeaseImpl lease) {
        while (true) {
            Waiter w;
            synchronized (this) {
                w = waiters.poll();
            }
            if (w == null) {
                release(lease);
                return;
            }
            if (w.result().complete(lease)) {
                return;
            }
        }
    }

    private void scheduleRetry() {
        if (closed || waiters.isEmpty() || retry != null) {
            return;
        }
        long delay = watch != null ? SAFETY_NET_MS : backoffMs;
        if (watch == null) {
            backoffMs = Math.min(backoffMs * 2, MAX_RETRY_MS);
        }
        retry = Timer.after(delay, this::retryNow);
    }

    private void retryNow() {
        synchronized (this) {
            retry = null; // before the attempt, which may want the next retry while this timer task still runs
        }
        kick();
    }

    /** No more attempts; the driver's watch is closed off the caller's thread (a timer's, an application's). */
    void close() {
        AutoCloseable w;
        ScheduledFuture<?> r;
        synchronized (this) {
            closed = true;
            w = watch;
            watch = null;
            r = retry;
            retry = null;
        }
        if (r != null) {
            r.cancel(false);
        }
        if (w != null) {
            AsyncIo.executor().execute(() -> closeQuietly(w));
        }
    }

    void failAll(ToozException failure) {
        List<Waiter> all;
        synchronized (this) {
            all = new ArrayList<>(waiters);
            waiters.clear();
        }
        all.forEach(w -> w.result().completeExceptionally(failure));
    }

    /** One try; a grant that came too late to be used (see {@link HeldLeases#registerUnlessLapsed}) counts as none. */
    static Optional<LockLeaseImpl> tryOnce(DefaultCoordinator coordinator, LockId id) {
        Optional<DriverLease> lease = coordinator.locksFacet().acquire(id, coordinator.memberId(), 0);
        return lease.isEmpty() ? Optional.empty() : coordinator.heldLeases().registerUnlessLapsed(lease.get());
    }

    /** {@code acquireAsync} with no time to wait: one try. */
    static void tryOnce(DefaultCoordinator coordinator, LockId id, CompletableFuture<LockLease> result) {
        try {
            Optional<LockLeaseImpl> grant = tryOnce(coordinator, id);
            if (grant.isEmpty()) {
                result.completeExceptionally(timedOut(id, Duration.ZERO));
            } else if (!result.complete(grant.get())) {
                release(grant.get());
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(Errors.unwrap(e, "acquiring lock " + id.name()));
        }
    }

    static LockAcquireFailedException timedOut(LockId id, Duration timeout) {
        return new LockAcquireFailedException(id.name(), "lock " + id.name() + " was not acquired within " + timeout);
    }

    /** Releases a grant nobody waits for any more. */
    private static void release(LockLeaseImpl lease) {
        try {
            lease.release();
        } catch (ToozException e) {
            LOG.warn("could not release the unwanted grant of {}: {}", lease.lockName(), e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a holder watch failed: {}", e.getMessage());
        }
    }
}
