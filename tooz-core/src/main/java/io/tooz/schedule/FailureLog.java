package io.tooz.schedule;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a failure that recurs at every retry without flooding the log: each distinct failure (exception class and
 * message) once at ERROR with its stack trace, then a WARN summary at most every {@link #SUMMARY_NANOS} while failures
 * go on, and one INFO line when it works again. Not thread-safe: used on the scheduler thread.
 */
final class FailureLog {
    /** How often failures that were not logged are summarized while they go on. */
    static final long SUMMARY_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** Distinct failures logged in full per run of failures; more are only summarized. */
    static final int MAX_DISTINCT = 16;

    /** What {@link #failed} did. */
    enum Verdict {
        /** Logged in full: the first failure of its kind in this run of failures. */
        LOGGED,
        /** Not logged (DEBUG only): seen before, summary not due. */
        REPEATED,
        /** A summary of the failures not logged since the last summary was logged. */
        SUMMARIZED
    }

    private final Logger log;
    private final String what;
    private final LongSupplier nanoClock;
    private final Set<String> seen = new HashSet<>();
    private long failures;
    private long unlogged;
    private long summaryAt;

    /**
     * @param what the failing thing, as the start of a sentence ("the task source of ...")
     * @param nanoClock a monotonic clock in nanoseconds
     */
    FailureLog(Logger log, String what, LongSupplier nanoClock) {
        this.log = log;
        this.what = what;
        this.nanoClock = nanoClock;
    }

    /** Records a failure and logs it if its kind is new or a summary is due. */
    Verdict failed(Throwable e) {
        long now = nanoClock.getAsLong();
        if (failures++ == 0) {
            summaryAt = now;
        }
        String kind = e.getClass().getName() + ": " + e.getMessage();
        if (seen.size() < MAX_DISTINCT && seen.add(kind)) {
            log.error("{} failed; retrying at growing intervals (each distinct failure is logged once)", what, e);
            return Verdict.LOGGED;
        }
        unlogged++;
        if (now - summaryAt < SUMMARY_NANOS) {
            log.debug("{} failed again: {}", what, kind);
            return Verdict.REPEATED;
        }
        log.warn(
                "{} still fails: {} more failure(s) in the last {} s, {} since it last worked; latest: {}",
                what,
                unlogged,
                TimeUnit.NANOSECONDS.toSeconds(now - summaryAt),
                failures,
                kind);
        unlogged = 0;
        summaryAt = now;
        return Verdict.SUMMARIZED;
    }

    /** Records a success; logs once if it ends a run of failures, and forgets them. */
    boolean succeeded() {
        if (failures == 0) {
            return false;
        }
        log.info("{} works again after {} failure(s)", what, failures);
        failures = 0;
        unlogged = 0;
        seen.clear();
        return true;
    }

    /** Failures since the last success. */
    long failures() {
        return failures;
    }
}
