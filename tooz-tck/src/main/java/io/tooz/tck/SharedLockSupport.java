package io.tooz.tck;

import java.time.Duration;

/**
 * What the contracts of read-write locks and semaphores share ({@link ReadWriteLockContract}, {@link
 * SemaphoreContract} and their kin): the bound on a hand-over and on how long an acquisition may run in the
 * background.
 */
public interface SharedLockSupport extends ContractSupport {

    /**
     * How long a waiting acquisition may take to be granted once what blocked it is released: 2 s by default, as
     * for locks ({@link LockContract#lockHandOverTimeout()}), far below a TTL-based poll.
     */
    default Duration sharedHandOverTimeout() {
        return Duration.ofSeconds(2);
    }

    /** The timeout of an acquisition left waiting in the background: long enough never to end a test by itself. */
    default Duration backgroundAcquireTimeout() {
        return expiryTimeout().plus(eventTimeout());
    }
}
