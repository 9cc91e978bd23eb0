package io.tooz.spring.boot;

import io.tooz.spi.DriverClaims;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Epoch milliseconds on the backend's clock where the driver has one (as the periodic scheduler aligns its periods),
 * this machine's otherwise: read every minute, keeping the quickest of three answers, and advanced by the monotonic
 * clock in between.
 */
final class FleetClock {
    private static final long SYNC_EVERY_NANOS = 60_000_000_000L;
    private final Supplier<DriverClaims> claims;
    private long baseMillis;
    private long baseNanos;
    private boolean synced;
    private boolean local;

    FleetClock(Supplier<DriverClaims> claims) {
        this.claims = claims;
    }

    synchronized long nowMillis() {
        long now = System.nanoTime();
        if (!synced || now - baseNanos > SYNC_EVERY_NANOS) {
            sync();
        }
        if (local) {
            return System.currentTimeMillis();
        }
        return baseMillis + (System.nanoTime() - baseNanos) / 1_000_000;
    }

    private void sync() {
        DriverClaims ledger = claims.get();
        long bestRtt = Long.MAX_VALUE;
        for (int sample = 0; sample < 3; sample++) {
            long before = System.nanoTime();
            OptionalLong read = ledger.currentTimeMillis();
            long after = System.nanoTime();
            if (read.isEmpty()) {
                local = true;
                break;
            }
            if (after - before < bestRtt) {
                bestRtt = after - before;
                baseMillis = read.getAsLong();
                baseNanos = before + bestRtt / 2;
            }
        }
        if (local) {
            baseNanos = System.nanoTime();
        }
        synced = true;
    }
}
