package io.tooz.internal;

/** What {@link io.tooz.internal.hooks.CoreHooks} can do to a periodic scheduler; implemented by the scheduler. */
public interface SchedulerFaults {
    /** Stops at once, as a killed process: no more claims or runs, runs in progress interrupted, no leave. */
    void halt();

    /**
     * Freezes (or thaws) the scheduler's threads at their next step: just before sending a claim, just before running
     * an action. A frozen worker is a stalled process (a long GC pause, SIGSTOP).
     */
    void freeze(boolean frozen);
}
