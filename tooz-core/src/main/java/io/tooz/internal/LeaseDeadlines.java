package io.tooz.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The client-side deadline of a TTL-bound grant: confirmed at {@code t} (the send time of the request that made or last
 * refreshed it), it is held until {@code t + ttl − margin} on this host's monotonic clock and no longer. The backend
 * cannot expire it before {@code t + ttl} by its own clock, so the holder is told first as long as the two clocks run
 * at rates within {@link #DRIFT} of each other and this process is not paused past the margin (fencing tokens are for
 * that).
 */
final class LeaseDeadlines {
    /** Clock-rate difference allowed between this host and the backend: 1% (real clocks drift by 0.01%). */
    static final double DRIFT = 0.01;
    /**
     * Fixed allowance for timer lateness, for signalling the holder and for a short stall of this process (a GC
     * pause, a starved CPU): 500 ms. The nemesis tests saw Redis waiters take a lock within 10 ms of its expiry.
     */
    static final long ALLOWANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private LeaseDeadlines() {}

    /** The safety margin for a TTL: drift plus the allowance, at most half the TTL. */
    static long marginNanos(long ttlNanos) {
        return Math.min(ttlNanos / 2, (long) (ttlNanos * DRIFT) + ALLOWANCE_NANOS);
    }

    /** The deadline of a grant confirmed at {@code confirmedNanos}. */
    static long deadline(long confirmedNanos, Duration ttl) {
        long ttlNanos = ttl.toNanos();
        return confirmedNanos + ttlNanos - marginNanos(ttlNanos);
    }

    /** How often the core confirms TTL-bound grants: a third of the TTL, so two tries fit before the deadline. */
    static Duration refreshInterval(Duration ttl) {
        return ttl.dividedBy(3);
    }
}
