package io.tooz.internal;

import io.tooz.CoordinatorObserver.AcquireOutcome;
import io.tooz.CoordinatorObserver.LockKind;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request for a read-write lock mode or a semaphore permit: an entry in the backend's queue that waits, holding no
 * thread, until {@link QueueRule} says it holds. Wake-ups come from the driver's removal watches, or from a timer where
 * the backend cannot push, and in any case every {@link #SAFETY_RECHECK_MILLIS} at most. A waiting entry is kept alive
 * like a held lease; if it is lost while waiting, a new one is queued. The result completes with the lease, with
 * {@code null} when the time ran out, or with the backend's error; cancelling it withdraws the entry.
 */
final class QueuedAcquisition {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedAcquisition.class);
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long SAFETY_RECHECK_MILLIS = 1_000;

    private final DefaultCoordinator coordinator;
    private final DriverLockQueues queues;
    private final LockId id;
    private final QueueRule rule;
    private final long deadline;
    private final boolean once;
    private final LockKind kind;
    final CompletableFuture<@Nullable LockLease> result = new CompletableFuture<>();
    /** Completes once a request that ended without a lease has withdrawn its entry (or had none). */
    private final CompletableFuture<@Nullable Void> withdrawn = new CompletableFuture<>();

    // guarded by this
    private @Nullable LockLeaseImpl entry;
    private final List<AutoCloseable> watches = new ArrayList<>();
    private @Nullable ScheduledFuture<?> recheck;
    private @Nullable ScheduledFuture<?> timeout;
    private boolean running;
    private boolean rerun;
    private boolean closed;
    private long pollMillis = FIRST_POLL_MILLIS;

    /** @param timeoutNanos 0: try once; {@link Long#MAX_VALUE}: no limit */
    QueuedAcquisition(DefaultCoordinator coordinator, LockId id, QueueRule rule, long timeoutNanos) {
        this.coordinator = coordinator;
        this.queues = coordinator.lockQueuesFacet();
        this.id = id;
        this.rule = rule;
        this.once = timeoutNanos == 0;
        this.deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        this.kind = rule instanceof QueueRule.Read
                ? LockKind.READ
                : rule instanceof QueueRule.Write ? LockKind.WRITE : LockKind.PERMIT;
        Observers observers = coordinator.observers();
        long started = observers.active() ? System.nanoTime() : 0;
        result.whenComplete((lease, error) -> {
            if (observers.active()) {
                AcquireOutcome outcome = lease != null
                        ? AcquireOutcome.ACQUIRED
                        : error == null ? AcquireOutcome.TIMED_OUT : AcquireOutcome.FAILED;
                observers.lockAcquire(kind, id.name(), started, outcome);
            }
            if (lease == null) {
                close();
            }
        });
    }

    /** Makes the first attempt on the calling thread (so an uncontended acquire costs no thread hop), then waits. */
    QueuedAcquisition start() {
        if (deadline != Long.MAX_VALUE && !once) {
            long millis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            ScheduledFuture<?> t = Timer.after(millis, () -> AsyncIo.executor().execute(() -> result.complete(null)));
            synchronized (this) {
                timeout = t;
            }
        }
        step();
        return this;
    }

    /** Makes every attempt on the shared pool, so that the caller's thread does no I/O. */
    QueuedAcquisition startAsync() {
        AsyncIo.executor().execute(this::start);
        return this;
    }

    /** Waits for the result on the calling thread: the lease, or empty when the time ran out. */
    Optional<LockLease> await() {
        try {
            LockLease lease = result.get();
            if (lease == null) {
                withdrawn.join(); // the caller's next look at the queue must not see this request's entry
            }
            return Optional.ofNullable(lease);
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for " + describe(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            withdrawn.join();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new ToozException("waiting for " + describe() + " failed: " + cause, e);
        }
    }

    /**
     * The result as the application's stage: failed with {@code onTimeout} when the time ran out; cancelling it
     * withdraws the request, and a lease granted after the cancel is released.
     */
    CompletableFuture<LockLease> stage(java.util.function.Supplier<RuntimeException> onTimeout) {
        CompletableFuture<LockLease> out = new CompletableFuture<>();
        result.whenComplete((lease, error) -> {
            if (lease != null) {
                if (!out.complete(lease)) {
                    lease.release();
                }
                return;
            }
            RuntimeException failure = error != null ? asRuntime(error) : onTimeout.get();
            withdrawn.whenComplete((done, ignored) -> out.completeExceptionally(failure));
        });
        out.whenComplete((lease, error) -> {
            if (out.isCancelled()) {
                result.cancel(false);
            }
        });
        return out;
    }

    private void wake() {
        synchronized (this) {
            if (closed) {
                return;
            }
            cancelWaits();
        }
        try {
            AsyncIo.executor().execute(this::step);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new ToozException("cannot wait for " + describe() + ": " + e.getMessage()));
        }
    }

    private void step() {
        synchronized (this) {
            if (running) {
                rerun = true;
                return;
            }
            running = true;
        }
        while (true) {
            attempt();
            synchronized (this) {
                if (!rerun || closed) {
                    running = false;
                    return;
                }
                rerun = false;
            }
        }
    }

    /** One look at the queue: hold, give up, or watch the entries that may let this one hold. */
    private void attempt() {
        try {
            while (!result.isDone()) {
                LockLeaseImpl own = current();
                List<QueueEntry> queue;
                if (own == null) {
                    DriverLockQueues.Enqueued made = queues.enqueue(id, coordinator.memberId(), rule.tag());
                    Optional<LockLeaseImpl> fresh =
                            coordinator.heldLeases().registerQueued(made.lease(), this::entryLost);
                    if (fresh.isEmpty() || !adopt(fresh.get())) {
                        continue; // came too late to be used, or the request ended meanwhile
                    }
                    own = fresh.get();
                    queue = made.entries();
                } else {
                    queue = queues.entries(id);
                }
                if (decide(own, queue)) {
                    return;
                }
            }
        } catch (ToozException e) {
            if (once || current() == null) {
                result.completeExceptionally(e);
            } else {
                LOG.debug("reading the queue of {} failed; trying again: {}", describe(), e.getMessage());
                retryLater();
            }
        }
    }

    /** @return whether this step is over; false to look again at once (the entry vanished) */
    private boolean decide(LockLeaseImpl own, List<QueueEntry> queue) {
        int index = indexOf(queue, own.fencingToken());
        if (index < 0 || own.ended()) {
            forget(own); // expired or broken while waiting: queue again
            return false;
        }
        try {
            rule.check(id.name(), queue);
        } catch (ToozException e) {
            result.completeExceptionally(e);
            return true;
        }
        if (rule.holds(queue, index)) {
            synchronized (this) {
                entry = null; // handed out: no longer ours to withdraw
            }
            if (coordinator.observers().active()) {
                own.granted(kind); // before the holder has it: it may release it at once
            }
            if (!result.complete(own)) {
                own.notGranted();
                own.release(); // cancelled or timed out meanwhile
            }
            return true;
        }
        if (once) {
            synchronized (this) {
                entry = null;
            }
            withdraw(own); // before answering, so the caller's next look at the queue no longer sees it
            result.complete(null);
            return true;
        }
        watch(rule.toWatch(queue, index));
        return true;
    }

    private void watch(List<QueueEntry> ahead) {
        boolean pushed = true;
        List<AutoCloseable> made = new ArrayList<>();
        for (QueueEntry e : ahead) {
            AutoCloseable h = queues.watchRemoval(id, e, this::wake);
            if (h == null) {
                pushed = false;
            } else {
                made.add(h);
            }
        }
        long millis;
        synchronized (this) {
            if (pushed) {
                pollMillis = FIRST_POLL_MILLIS;
                millis = safetyRecheckMillis();
            } else {
                millis = pollMillis;
                pollMillis = Math.min(SAFETY_RECHECK_MILLIS, pollMillis * 2);
            }
            if (closed) {
                made.forEach(QueuedAcquisition::closeQuietly);
                return;
            }
            watches.addAll(made);
            recheck = Timer.after(millis, this::wake);
        }
    }

    private void retryLater() {
        synchronized (this) {
            if (closed) {
                return;
            }
            long millis = pollMillis;
            pollMillis = Math.min(SAFETY_RECHECK_MILLIS, pollMillis * 2);
            recheck = Timer.after(millis, this::wake);
        }
    }

    private long safetyRecheckMillis() {
        return coordinator
                .heldLeases()
                .leaseTtl(id)
                .map(Duration::toMillis)
                .map(t -> Math.max(FIRST_POLL_MILLIS, Math.min(SAFETY_RECHECK_MILLIS, t / 2)))
                .orElse(SAFETY_RECHECK_MILLIS);
    }

    private void entryLost(LossReason reason) {
        boolean waiting;
        synchronized (this) {
            waiting = entry != null && !closed;
        }
        if (waiting) {
            LOG.info("waiting entry of {} lost ({}); queueing again", describe(), reason);
            wake();
        }
    }

    private synchronized @Nullable LockLeaseImpl current() {
        return entry;
    }

    /** Makes {@code fresh} this request's entry; false (and it is withdrawn) if the request ended meanwhile. */
    private boolean adopt(LockLeaseImpl fresh) {
        synchronized (this) {
            if (!closed) {
                entry = fresh;
                return true;
            }
        }
        withdraw(fresh);
        return false;
    }

    private void forget(LockLeaseImpl own) {
        synchronized (this) {
            if (entry == own) {
                entry = null;
            }
        }
        withdraw(own);
    }

    /** Ends the request: no more attempts, and a waiting entry is withdrawn from the queue. */
    private void close() {
        LockLeaseImpl own;
        synchronized (this) {
            closed = true;
            cancelWaits();
            if (timeout != null) {
                timeout.cancel(false);
            }
            own = entry;
            entry = null;
        }
        if (own == null) {
            withdrawn.complete(null);
            return;
        }
        AsyncIo.executor().execute(() -> {
            try {
                withdraw(own);
            } finally {
                withdrawn.complete(null);
            }
        });
    }

    private static RuntimeException asRuntime(Throwable error) {
        if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error instanceof RuntimeException r ? r : new ToozException(String.valueOf(error), error);
    }

    private void withdraw(LockLeaseImpl own) {
        try {
            own.release();
        } catch (ToozException e) {
            LOG.debug("withdrawing the entry of {} failed: {}", describe(), e.getMessage());
        }
    }

    private void cancelWaits() {
        watches.forEach(QueuedAcquisition::closeQuietly);
        watches.clear();
        if (recheck != null) {
            recheck.cancel(false);
            recheck = null;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) { // any failure to stop a watch only costs a spurious wake-up
            LOG.debug("closing a queue watch failed", e);
        }
    }

    private static int indexOf(List<QueueEntry> queue, long sequence) {
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).sequence() == sequence) {
                return i;
            }
        }
        return -1;
    }

    private String describe() {
        return id.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + id.name() + " (" + rule.tag() + ")";
    }
}
