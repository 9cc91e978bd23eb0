package io.tooz.schedule;

import io.tooz.spi.DriverClaims;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** Epoch milliseconds on the backend's clock where it has one: read now and then, advanced by the monotonic clock. */
final class PeriodClock {
    private static final long SYNC_EVERY_NANOS = 10_000_000_000L;
    private static final int SAMPLES = 3;
    private final DriverClaims claims;
    private volatile @Nullable Reading base;
    private long syncedAt;

    /** The backend said {@code millis} at {@code nanos} on this machine's monotonic clock. */
    private record Reading(long millis, long nanos) {}

    PeriodClock(DriverClaims claims) {
        this.claims = claims;
    }

    /**
     * Reads the backend's clock if it is time to, keeping the quickest of a few answers (it says the most about the
     * server's clock); called from the scheduler's thread only.
     */
    void sync() {
        if (syncedAt != 0 && System.nanoTime() - syncedAt < SYNC_EVERY_NANOS) {
            return;
        }
        Reading best = null;
        long bestRtt = Long.MAX_VALUE;
        for (int sample = 0; sample < SAMPLES; sample++) {
            long before = System.nanoTime();
            OptionalLong read = claims.currentTimeMillis();
            long after = System.nanoTime();
            syncedAt = after;
            if (read.isEmpty()) {
                return;
            }
            if (after - before < bestRtt) {
                bestRtt = after - before;
                best = new Reading(read.getAsLong(), before + bestRtt / 2);
            }
        }
        base = best;
    }

    long nowMillis() {
        Reading b = base;
        if (b == null) {
            return System.currentTimeMillis();
        }
        return b.millis() + (System.nanoTime() - b.nanos()) / 1_000_000;
    }
}
