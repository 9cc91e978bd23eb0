package io.tooz.driver.memcached;

import io.tooz.ToozException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Retry pacing for {@code gets}/{@code cas} loops: the first conflicts retry at once, later ones after a short random
 * pause so busy writers spread out. Python retries forever; so does this, unless the thread is interrupted.
 */
final class CasLoop {
    private int conflicts;

    void conflict() {
        conflicts++;
        if (Thread.currentThread().isInterrupted()) {
            throw new ToozException("interrupted while retrying a memcached cas after " + conflicts + " conflicts");
        }
        if (conflicts > 3) {
            long maxMicros = Math.min(50_000, 100L << Math.min(conflicts - 3, 9));
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1000);
        }
    }
}
