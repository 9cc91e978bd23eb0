package io.tooz.schedule;

/**
 * One worker's counters since it started.
 *
 * @param memberId the worker
 * @param owned tasks the current assignment gives it
 * @param run runs that ended normally
 * @param failed runs whose action threw
 * @param skipped owned {@code (task, period)}s it did not run: claimed by another worker during a hand-over, or the
 *     period was over before it could claim (a stall), or missed entirely under {@link MissedPeriods#SKIP}
 * @param late missed periods run late under {@link MissedPeriods#RUN_ONCE_LATE}
 * @param periods period boundaries served
 * @param backendRequests requests sent to the backend for scheduling (claims, sweeps, clock and member reads)
 */
public record WorkerStats(
        String memberId,
        int owned,
        long run,
        long failed,
        long skipped,
        long late,
        long periods,
        long backendRequests) {}
