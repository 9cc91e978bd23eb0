package io.tooz.schedule;

/** What a worker does about a period in which no worker ran a task it now owns (the whole fleet was down). */
public enum MissedPeriods {
    /** Leave it: the next run is the next period's (default; Quartz's and db-scheduler's "do nothing"). */
    SKIP,
    /**
     * Run it once, late: at start (and after its own stall) a worker claims the previous period of each task it owns,
     * and runs those no one claimed with {@link TaskRun#late()} set. Periods before that are not caught up.
     */
    RUN_ONCE_LATE
}
