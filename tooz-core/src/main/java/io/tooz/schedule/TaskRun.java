package io.tooz.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a task for one period.
 *
 * @param taskId the task
 * @param period the period number: {@code floor(epochMillis / periodLength)} on the backend's clock
 * @param periodStart when the period began, on the backend's clock
 * @param periodLength the task's period
 * @param fencingToken {@code period × 1,000,000 + claimToken mod 1,000,000}: for one task it rises with the period,
 *     even when a claim of an older period is made late (a worker whose clock lags, a stalled worker, a late run), so
 *     a downstream store can refuse a write carrying a token lower than one it has seen. The backend's sequence alone
 *     does not order claims that way.
 * @param claimToken the claim's own token from the backend (a counter, revision or sequence), in claim order
 * @param memberId the worker running it
 * @param late whether this is a missed period run late ({@link MissedPeriods#RUN_ONCE_LATE})
 */
public record TaskRun(
        String taskId,
        long period,
        Instant periodStart,
        Duration periodLength,
        long fencingToken,
        long claimToken,
        String memberId,
        boolean late) {

    /** The fencing token of a claim of {@code period} whose backend token is {@code claimToken}. */
    public static long fencingToken(long period, long claimToken) {
        return Math.addExact(Math.multiplyExact(period, 1_000_000L), Math.floorMod(claimToken, 1_000_000L));
    }
}
