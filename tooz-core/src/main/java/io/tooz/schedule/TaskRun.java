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
 * @param fencingToken the claim's token from the backend: for one task, tokens rise with the period, so a downstream
 *     store can refuse a write carrying a token lower than one it has seen (a run that stalled past its period)
 * @param memberId the worker running it
 * @param late whether this is a missed period run late ({@link MissedPeriods#RUN_ONCE_LATE})
 */
public record TaskRun(
        String taskId,
        long period,
        Instant periodStart,
        Duration periodLength,
        long fencingToken,
        String memberId,
        boolean late) {}
