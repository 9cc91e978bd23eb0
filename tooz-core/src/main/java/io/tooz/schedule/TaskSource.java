package io.tooz.schedule;

import java.util.Collection;

/**
 * Lists the current task ids of a recurring task family; read at every period boundary, so the set may change
 * between periods. Every worker of a fleet must list the same ids, or tasks can be missed while they disagree.
 */
@FunctionalInterface
public interface TaskSource {
    /** The task ids due this period: non-empty strings of at most 255 UTF-8 bytes. */
    Collection<String> taskIds();
}
