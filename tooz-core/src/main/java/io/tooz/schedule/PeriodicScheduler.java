package io.tooz.schedule;

import io.tooz.Coordinator;
import java.util.Map;

/**
 * One worker of a fleet that runs recurring tasks: each task runs once per period, on the member the {@link TaskRing}
 * picks, after that member claimed {@code (task, period)} in the backend.
 *
 * <p>Periods are epoch multiples of a task's period length ({@code number = floor(epochMillis / length)}), read from
 * the backend's clock where it has one (SQL {@code now()}, Redis {@code TIME}, ZooKeeper's write times), so workers
 * with skewed clocks agree on period numbers. At each period boundary a worker reads the group's members, computes
 * the assignment, claims its tasks in batches and runs the claimed ones on its own threads. When members join or
 * leave in mid-period, every worker claims the tasks that became its own and were not yet claimed, so a hand-over
 * neither repeats nor skips a period. A member that dies after claiming loses those runs: the backend's failure
 * detection (session timeout, TTL) bounds the periods that are missed.
 *
 * <p>Needs {@link io.tooz.Feature#PERIODIC_TASKS}; every driver of this project has it. Thread-safe.
 */
public interface PeriodicScheduler extends AutoCloseable {

    /**
     * A builder for a worker of {@code groupId} on a started coordinator. The group is created if needed; every worker
     * of a fleet must be given the same tasks and periods.
     */
    static PeriodicSchedulerBuilder builder(Coordinator coordinator, String groupId) {
        return new PeriodicSchedulerBuilder(coordinator, groupId);
    }

    /**
     * Joins the group and starts serving periods, beginning with the one in progress.
     *
     * @throws io.tooz.UnsupportedFeatureException if the driver has no claim ledger
     * @throws IllegalStateException if started twice, if closed (a closed scheduler is not started again; build a new
     *     one), or if the coordinator is not started
     */
    void start();

    /**
     * Stops and leaves the group. Claimed runs are finished (waiting at most 30 s, then interrupted). If a period
     * boundary is less than a second away, the worker first serves that period, so the others never start a period
     * with a member that is about to leave. Idempotent; a scheduler closed before it started never starts.
     */
    @Override
    void close();

    /** The group whose members share the tasks. */
    String groupId();

    /** This worker's member id (the coordinator's). */
    String memberId();

    /** This worker's counters. */
    WorkerStats stats();

    /**
     * Adds a listener told of every run that ends from now on, besides the builder's {@link
     * PeriodicSchedulerBuilder#listener}: for metrics attached to a scheduler built elsewhere (see {@code
     * tooz-micrometer}'s {@code ToozMetrics.bindScheduler}). Called on a runner thread; what it throws is logged.
     *
     * @throws UnsupportedOperationException for a scheduler not built by {@link #builder}
     */
    default void addListener(RunListener listener) {
        throw new UnsupportedOperationException("this scheduler takes no listener after it was built: " + this);
    }

    /**
     * Every task of the current assignment as this worker sees it: its owner and what this worker knows of its last
     * run (runs by other workers are known to them).
     */
    Map<String, TaskStatus> tasks();

    /** The members and weights the current assignment was computed from. */
    Map<String, Integer> members();
}
