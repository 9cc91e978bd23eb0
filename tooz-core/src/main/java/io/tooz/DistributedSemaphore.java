package io.tooz;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A distributed counting semaphore, obtained from {@link Coordinator#getSemaphore(String, int)}: at most {@link
 * #permits()} leases are held at once across all members. Each lease is one permit; closing it returns the permit.
 *
 * <p>Permits are granted in the order they were asked for. A lease whose holder dies or is cut off from the backend is
 * freed once the backend's TTL (or session) runs out, and its holder is told by {@link LockLease#lost()} before that,
 * so no more than {@code permits} holders ever believe they hold one. Fencing tokens increase strictly per name.
 *
 * <pre>{@code
 * DistributedSemaphore downloads = coordinator.getSemaphore("downloads", 4);
 * try (LockLease permit = downloads.acquire(Duration.ofMinutes(1))) {
 *     download(permit.fencingToken());
 * }
 * }</pre>
 */
public interface DistributedSemaphore {

    /** The semaphore's name. */
    String name();

    /** How many permits the semaphore has. */
    int permits();

    /**
     * Waits at most {@code timeout} for a permit.
     *
     * @throws LockAcquireFailedException if no permit was granted in time
     * @throws ToozConfigurationException if other members use this name with another number of permits
     */
    LockLease acquire(Duration timeout);

    /**
     * Waits for a permit without a time limit.
     *
     * @throws ToozException if the thread is interrupted (the interrupt flag stays set) or the coordinator stops
     */
    LockLease acquire();

    /** Takes a permit if one is free now, without waiting. */
    Optional<LockLease> tryAcquire();

    /**
     * Waits at most {@code timeout} for a permit without blocking the calling thread. The stage fails with {@link
     * LockAcquireFailedException} when the time runs out; cancelling it withdraws the request from the backend.
     */
    CompletionStage<LockLease> acquireAsync(Duration timeout);

    /** How many permits nobody holds or waits for now (one round trip). */
    int availablePermits();
}
