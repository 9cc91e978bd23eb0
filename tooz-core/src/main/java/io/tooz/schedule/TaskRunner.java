package io.tooz.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a worker's claimed tasks on its own threads, counting and remembering each run. */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private final String group;
    private final String member;
    private final ExecutorService pool;
    private final WorkerCounters counters;
    private final java.util.List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StallGate gate;
    private final Map<String, TaskStatus> lastRuns = new ConcurrentHashMap<>();
    private final AtomicLong lastWarnedSkipPeriod = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean halted;

    TaskRunner(
            String group, String member, int threads, WorkerCounters counters, RunListener listener, StallGate gate) {
        this.group = group;
        this.member = member;
        this.counters = counters;
        this.listeners.add(listener);
        this.gate = gate;
        this.pool = Executors.newFixedThreadPool(threads, r -> SchedulerImpl.daemon(r, "tooz-task-" + group));
    }

    /**
     * Queues a claimed run that may start until {@code startByNanos} ({@link System#nanoTime()}): the end of its
     * period on this worker's estimate of the backend's clock, less a margin. A worker that was frozen or starved
     * past it skips the run (counted), since the task's next period may already be running elsewhere.
     */
    void submit(TaskAction action, TaskRun run, long startByNanos) {
        if (action == null) {
            return; // removed from its source since the boundary
        }
        try {
            pool.execute(() -> runOne(action, run, startByNanos));
        } catch (RejectedExecutionException closing) {
            counters.skipped.incrementAndGet();
        }
    }

    private void runOne(TaskAction action, TaskRun run, long startByNanos) {
        gate.pass();
        if (halted) {
            return;
        }
        if (startByNanos != Long.MAX_VALUE && System.nanoTime() - startByNanos > 0) {
            counters.skipped.incrementAndGet();
            long warned = lastWarnedSkipPeriod.get();
            if (run.period() > warned && lastWarnedSkipPeriod.compareAndSet(warned, run.period())) {
                LOG.warn(
                        "worker {} of {}: task {} of period {} not started, its period is over; skipped"
                                + " (further skips of this period are counted in stats(), not logged)",
                        member,
                        group,
                        run.taskId(),
                        run.period());
            }
            return;
        }
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            action.run(run);
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.warn("task {} of {} failed in period {}: {}", run.taskId(), group, run.period(), e.toString());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        (failure == null ? counters.run : counters.failed).incrementAndGet();
        if (run.late()) {
            counters.late.incrementAndGet();
        }
        lastRuns.put(
                run.taskId(),
                new TaskStatus(
                        run.taskId(), member, Optional.of(run), Optional.of(at), Optional.of(took), failure != null));
        for (RunListener listener : listeners) {
            try {
                listener.onRun(run, took, failure);
            } catch (RuntimeException e) {
                LOG.warn("run listener of {} threw on {}", group, run, e);
            }
        }
    }

    void addListener(RunListener listener) {
        listeners.add(listener);
    }

    /** The task's status with {@code owner}, and this worker's last run of it if any. */
    TaskStatus status(String task, String owner) {
        TaskStatus known = lastRuns.get(task);
        if (known == null) {
            return new TaskStatus(task, owner, Optional.empty(), Optional.empty(), Optional.empty(), false);
        }
        return new TaskStatus(
                task, owner, known.lastRun(), known.lastRunAt(), known.lastDuration(), known.lastFailed());
    }

    /** Runs what was claimed, waiting at most {@code wait}; interrupts what is still running then. */
    void finish(Duration wait) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    /** Drops queued runs and interrupts running ones, as a killed process. */
    void halt() {
        halted = true;
        pool.shutdownNow();
    }
}
