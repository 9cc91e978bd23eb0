package io.tooz.internal;

import io.tooz.CoordFuture;
import io.tooz.ToozException;
import io.tooz.spi.Driver;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The threads of one started period: ordered operations, heartbeat, watch polling and dispatch. */
final class CoordinatorThreads {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorThreads.class);
    private static final Duration NO_TTL_INTERVAL = Duration.ofSeconds(10);
    private static final long OPS_DRAIN_MS = 10_000;
    private static final long RESTORE_RETRY_MS = 1_000;

    private final DefaultCoordinator coordinator;
    private final Driver driver;
    private final SerialExecutor ops;
    private final SerialExecutor beats;
    private final SerialExecutor polls;
    private final SerialExecutor leases;
    private volatile @Nullable ScheduledExecutorService driverScheduler;
    private final Dispatcher dispatcher;
    private @Nullable ScheduledFuture<?> heart;
    private @Nullable ScheduledFuture<?> poller;
    private @Nullable ScheduledFuture<?> leaseRefresher;
    private volatile long lastBeatFailureLog;
    private volatile long lastRefreshFailureLog;
    private volatile boolean refreshing;
    private final java.util.concurrent.atomic.AtomicBoolean restoreQueued =
            new java.util.concurrent.atomic.AtomicBoolean();

    CoordinatorThreads(DefaultCoordinator coordinator, Driver driver) {
        this.coordinator = coordinator;
        this.driver = driver;
        String id = coordinator.memberId();
        this.ops = new SerialExecutor("tooz-ops-" + id);
        this.beats = new SerialExecutor("tooz-beat-" + id);
        this.polls = new SerialExecutor("tooz-poll-" + id);
        this.leases = new SerialExecutor("tooz-lease-" + id);
        this.dispatcher = new Dispatcher(
                id,
                coordinator.isAuto() ? io.tooz.WatchMode.AUTO : io.tooz.WatchMode.MANUAL,
                coordinator::callbacksFor,
                coordinator.observers());
    }

    /** A scheduler of the driver's own; created on first use. */
    synchronized ScheduledExecutorService scheduler() {
        if (driverScheduler == null) {
            driverScheduler =
                    Executors.newScheduledThreadPool(1, Threads.named("tooz-driver-" + coordinator.memberId()));
        }
        return driverScheduler;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    Duration heartbeatInterval() {
        return driver.ttl().map(t -> t.dividedBy(2)).orElse(NO_TTL_INTERVAL);
    }

    <T> CoordFuture<T> submit(String operation, Callable<T> work) {
        CoordFutureImpl<T> f = new CoordFutureImpl<>(operation);
        try {
            ops.execute(new Task<>(operation, work, f));
        } catch (RejectedExecutionException e) {
            f.fail(new ToozException(operation + " rejected: the coordinator is stopping"));
        }
        return f;
    }

    /** An operation on the ordered executor; failed, not lost, if the coordinator stops before it runs. */
    private record Task<T>(String operation, Callable<T> work, CoordFutureImpl<T> future) implements Runnable {
        @Override
        public void run() {
            try {
                future.succeed(work.call());
            } catch (Throwable t) {
                future.fail(Errors.unwrap(t, operation));
            }
        }

        void abort() {
            future.fail(new ToozException(operation + " did not run: the coordinator stopped first"));
        }
    }

    /** Refuses new operations and waits (boundedly) for queued ones, so stop() does not cut them off. */
    void drainOperations() {
        ops.shutdown();
        if (!ops.isCurrent() && !ops.awaitIdle(OPS_DRAIN_MS)) {
            LOG.warn(
                    "operations of member {} still running {} ms after stop; abandoning them",
                    coordinator.memberId(),
                    OPS_DRAIN_MS);
        }
    }

    /**
     * Joins the lapsed memberships again, on the ordered executor (after the operations queued before the loss), and
     * again every second until none is left; a coordinator whose heartbeats are paused (a simulated dead process)
     * waits.
     */
    void restoreMemberships() {
        if (!restoreQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            ops.execute(() -> {
                restoreQueued.set(false);
                Memberships m = coordinator.memberships();
                if (m.hasLapsed() && (coordinator.heartbeatsPaused() || !m.restore(coordinator.groupsFacet()))) {
                    Timer.after(RESTORE_RETRY_MS, this::restoreMemberships);
                }
            });
        } catch (RejectedExecutionException stopping) {
            restoreQueued.set(false);
        }
    }

    /** A heartbeat by hand: membership, then leases, the second whatever the first did. */
    void beat() {
        try {
            heartbeat();
        } finally {
            coordinator.heldLeases().refresh();
        }
    }

    /** The driver's heartbeat, timed for the observers where it asks the backend (drivers with a TTL). */
    private void heartbeat() {
        Observers observers = coordinator.observers();
        if (!observers.active() || driver.ttl().isEmpty()) {
            driver.heartbeat();
            return;
        }
        long start = System.nanoTime();
        RuntimeException error = null;
        try {
            driver.heartbeat();
        } catch (RuntimeException e) {
            error = e;
            throw e;
        } finally {
            observers.backendCall("heartbeat", start, error);
            coordinator.connection().called(error);
        }
    }

    private void autoBeat() {
        if (coordinator.heartbeatsPaused()) {
            return;
        }
        try {
            heartbeat();
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastBeatFailureLog > TimeUnit.SECONDS.toNanos(30)) {
                lastBeatFailureLog = now;
                LOG.warn("heartbeat of member {} failed, retrying: {}", coordinator.memberId(), e.getMessage());
            }
        }
    }

    /** Lease refreshes run on their own thread and schedule: never behind a membership heartbeat that hangs. */
    private void autoRefresh() {
        refreshing = false;
        if (coordinator.heartbeatsPaused() || !coordinator.heldLeases().needsRefresh()) {
            return;
        }
        try {
            coordinator.heldLeases().refresh();
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastRefreshFailureLog > TimeUnit.SECONDS.toNanos(30)) {
                lastRefreshFailureLog = now;
                LOG.warn(
                        "refreshing the leases of member {} failed, retrying: {}",
                        coordinator.memberId(),
                        e.getMessage());
            }
        }
    }

    private void refreshTick() {
        if (!refreshing) { // one queued refresh at most, however long one hangs
            refreshing = true;
            leases.execute(this::autoRefresh);
        }
    }

    void startServices() {
        long beatMs = Math.max(10, heartbeatInterval().toMillis());
        if (coordinator.isAutoHeartbeat()) {
            heart = Timer.every(beatMs, () -> beats.execute(this::autoBeat));
            long refreshMs = coordinator
                    .heldLeases()
                    .shortestLeaseTtl()
                    .map(t -> LeaseDeadlines.refreshInterval(t).toMillis())
                    .orElse(beatMs);
            leaseRefresher = Timer.every(Math.max(10, refreshMs), this::refreshTick);
        }
        if (coordinator.isAuto()) {
            long pollMs = coordinator.watchInterval().toMillis();
            poller = Timer.every(pollMs, this::pollTick);
        }
    }

    private void pollTick() {
        try {
            coordinator.watches().pollSoon();
            coordinator.leaderWatches().pollSoon();
        } catch (RuntimeException e) { // a timer task that throws is never run again
            LOG.warn("polling watched groups failed: {}", e.getMessage());
        }
    }

    /** Runs a watched group's re-read on the polling thread, after the reads queued before it. */
    void pollSoon(Runnable read) {
        try {
            polls.execute(read);
        } catch (RejectedExecutionException stopping) {
            // stopped: nothing is watched any more
        }
    }

    void stopServices() {
        if (heart != null) {
            heart.cancel(false);
        }
        if (poller != null) {
            poller.cancel(false);
        }
        if (leaseRefresher != null) {
            leaseRefresher.cancel(false);
        }
        dispatcher.stop();
    }

    void shutdown() {
        for (Runnable r : ops.shutdownNow()) {
            if (r instanceof Task<?> t) {
                t.abort();
            }
        }
        beats.shutdownNow();
        polls.shutdownNow();
        leases.shutdownNow();
        if (driverScheduler != null) {
            shutdown(driverScheduler);
        }
    }

    private static void shutdown(java.util.concurrent.ExecutorService e) {
        e.shutdownNow();
        try {
            e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
