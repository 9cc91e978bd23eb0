package io.tooz.internal;

import io.tooz.LockLease;
import io.tooz.ToozException;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

/**
 * One coordinator's pending {@code acquireAsync} calls, queued per lock ({@link AsyncWaiters}): a lock's queue lives
 * while it has waiters, and stop() fails every waiter.
 */
final class AsyncAcquisitions {
    private final DefaultCoordinator coordinator;
    private final Map<LockId, AsyncWaiters> queues = new HashMap<>(); // guarded by this

    AsyncAcquisitions(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** Waits at most {@code timeout} for {@code id} without a thread; see {@link io.tooz.DistributedLock}. */
    CompletionStage<LockLease> acquire(LockId id, Duration timeout) {
        CompletableFuture<LockLease> result = new CompletableFuture<>();
        if (!coordinator.isStarted() || coordinator.isStopping()) {
            result.completeExceptionally(new ToozException("cannot acquire lock " + id.name() + ": coordinator "
                    + coordinator.memberId() + " is not started"));
            return result;
        }
        if (timeout.isZero() || timeout.isNegative()) {
            AsyncIo.executor().execute(() -> AsyncWaiters.tryOnce(coordinator, id, result));
            return result;
        }
        AsyncWaiters.Waiter waiter = new AsyncWaiters.Waiter(result);
        ScheduledFuture<?> timer = Timer.after(ceilMillis(timeout), () -> AsyncIo.executor() // not on the timer thread
                .execute(() -> result.completeExceptionally(AsyncWaiters.timedOut(id, timeout))));
        AsyncWaiters queue;
        synchronized (this) {
            queue = queues.computeIfAbsent(id, k -> new AsyncWaiters(coordinator, k));
            queue.add(waiter);
        }
        result.whenComplete((lease, failure) -> {
            timer.cancel(false);
            leave(id, waiter);
        });
        queue.kick();
        return result;
    }

    private static long ceilMillis(Duration d) {
        try {
            return d.plusNanos(999_999).toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** A waiter is done (granted, timed out, cancelled, failed): out of its queue, and the queue closes if empty. */
    private void leave(LockId id, AsyncWaiters.Waiter waiter) {
        AsyncWaiters closed = null;
        synchronized (this) {
            AsyncWaiters queue = queues.get(id);
            if (queue != null && queue.remove(waiter)) {
                queues.remove(id);
                closed = queue;
            }
        }
        if (closed != null) {
            closed.close();
        }
    }

    /** On stop: every waiter fails, and no queue tries again. */
    void failAll() {
        List<AsyncWaiters> all;
        synchronized (this) {
            all = new ArrayList<>(queues.values());
            queues.clear();
        }
        for (AsyncWaiters q : all) {
            q.close();
            q.failAll(new ToozException("coordinator " + coordinator.memberId() + " stopped before acquiring"));
        }
    }
}
