package io.tooz.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A task as one worker sees it.
 *
 * @param taskId the task
 * @param owner the member the current assignment gives it to
 * @param lastRun this worker's last run of it, if any
 * @param lastRunAt when that run started
 * @param lastDuration how long it took
 * @param lastFailed whether it threw
 */
public record TaskStatus(
        String taskId,
        String owner,
        Optional<TaskRun> lastRun,
        Optional<Instant> lastRunAt,
        Optional<Duration> lastDuration,
        boolean lastFailed) {}
