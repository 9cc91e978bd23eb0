package io.tooz.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * {@link DriverLeases} kept by another facet: for a driver whose read-write lock and semaphore entries live exactly
 * like its lock grants (ZooKeeper's ephemeral nodes, etcd's lease), so the queue facet hands every lease call to its
 * locks. Override what differs.
 */
public interface ForwardingLeases extends DriverLeases {

    /** The facet that keeps the grants. */
    DriverLeases keeper();

    @Override
    default boolean release(DriverLease lease) {
        return keeper().release(lease);
    }

    @Override
    default boolean isStillOwner(DriverLease lease) {
        return keeper().isStillOwner(lease);
    }

    @Override
    default Optional<Duration> leaseTtl(LockId id) {
        return keeper().leaseTtl(id);
    }

    @Override
    default Set<DriverLease> refresh(Collection<DriverLease> leases) {
        return keeper().refresh(leases);
    }

    @Override
    default void watchLoss(DriverLease lease) {
        keeper().watchLoss(lease);
    }
}
