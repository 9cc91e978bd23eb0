package io.tooz.internal;

import io.tooz.Feature;
import io.tooz.UnsupportedFeatureException;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;

/** Breaking a read-write lock or a semaphore: every entry goes, where the driver can break locks. */
final class QueuedBreaks {
    private QueuedBreaks() {}

    static boolean forceBreak(DefaultCoordinator coordinator, LockId id, String what) {
        DriverLockQueues queues = coordinator.lockQueuesFacet();
        if (!coordinator.features().contains(Feature.LOCK_BREAK) || !CoordinatorFactory.overrides(queues)) {
            throw new UnsupportedFeatureException("the " + coordinator.scheme() + ":// driver cannot break " + what
                    + " " + id.name() + "; see Coordinator.features()");
        }
        return queues.forceBreak(id);
    }
}
