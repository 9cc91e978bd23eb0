package io.tooz.schedule;

/**
 * One worker's counters since it started.
 *
 * @param memberId the worker
 * @param owned tasks the current assignment gives it
 * @param run runs that ended normally
 * @param failed runs whose action threw
 * @param skipped owned {@code (task, period)}s nobody may have run because of this worker: the period was over before
 *     it could claim them (it stalled or was overloaded), or it missed whole periods (a stall) under {@link
 *     MissedPeriods#SKIP}
 * @param taken owned {@code (task, period)}s it found claimed already: another worker ran them during a hand-over
 *     (joins, leaves and starts), which is normal
 * @param late missed periods run late under {@link MissedPeriods#RUN_ONCE_LATE}
 * @param periods period boundaries served
 * @param backendRequests requests sent to the backend for scheduling (claims, sweeps, clock and member reads)
 * @param sourceFailures times a {@link TaskSource} threw when read at a period boundary (see {@link TaskSource} for
 *     what the worker does then)
 * @param claimed owned {@code (task, period)}s this worker claimed in the backend, so that it, and nobody else, runs
 *     them (each ends as a run, a failed run, or skipped if it could no longer start in time)
 */
public record WorkerStats(
        String memberId,
        int owned,
        long run,
        long failed,
        long skipped,
        long taken,
        long late,
        long periods,
        long backendRequests,
        long sourceFailures,
        long claimed) {

    /** The counters without {@code claimed} (0), as before it was counted. */
    public WorkerStats(
            String memberId,
            int owned,
            long run,
            long failed,
            long skipped,
            long taken,
            long late,
            long periods,
            long backendRequests,
            long sourceFailures) {
        this(memberId, owned, run, failed, skipped, taken, late, periods, backendRequests, sourceFailures, 0);
    }
}
