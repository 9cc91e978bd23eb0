package io.tooz.schedule;

import io.tooz.spi.DriverClaims;
import java.util.OptionalLong;

/** Epoch milliseconds on the backend's clock where it has one: read now and then, advanced by the monotonic clock. */
final class PeriodClock {
    private static final long SYNC_EVERY_NANOS = 10_000_000_000L;
    private final DriverClaims claims;
    private volatile long baseMillis;
    private volatile long baseNanos;
    private volatile boolean backend;
    private long syncedAt;
    private boolean synced;

    PeriodClock(DriverClaims claims) {
        this.claims = claims;
    }

    /** Reads the backend's clock if it is time to; called from the scheduler's thread only. */
    void sync() {
        long now = System.nanoTime();
        if (synced && now - syncedAt < SYNC_EVERY_NANOS) {
            return;
        }
        long before = System.nanoTime();
        OptionalLong read = claims.currentTimeMillis();
        long after = System.nanoTime();
        synced = true;
        syncedAt = after;
        if (read.isPresent()) {
            baseNanos = before + (after - before) / 2;
            baseMillis = read.getAsLong();
            backend = true;
        }
    }

    long nowMillis() {
        if (!backend) {
            return System.currentTimeMillis();
        }
        return baseMillis + (System.nanoTime() - baseNanos) / 1_000_000;
    }

    boolean fromBackend() {
        return backend;
    }
}
