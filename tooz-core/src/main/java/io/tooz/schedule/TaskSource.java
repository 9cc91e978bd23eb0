package io.tooz.schedule;

import java.util.Collection;

/**
 * Lists the current task ids of a recurring task family; read at every period boundary, so the set may change
 * between periods. Every worker of a fleet must list the same ids, or tasks can be missed while they disagree.
 *
 * <p>If it throws, the worker serves none of the tasks of that period length (the source's and the fixed ones alike)
 * until it answers: it reads it again after a quarter period (50 ms to 1 s), then at doubling intervals up to the
 * period (at most 30 s), and at every boundary. It logs each distinct failure (exception class and message) once at
 * ERROR with its stack trace, a summary at WARN every 5 minutes while failures go on, and one line at INFO when the
 * source answers again; {@link WorkerStats#sourceFailures()} counts every failed read.
 */
@FunctionalInterface
public interface TaskSource {
    /** The task ids due this period: non-empty strings of at most 255 UTF-8 bytes. */
    Collection<String> taskIds();
}
