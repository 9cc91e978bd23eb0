package io.tooz.internal;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every lease this coordinator holds (user locks and leaderships): refreshed in one batch per heartbeat, released on
 * stop, and told when the driver reports a loss.
 */
final class HeldLeases {
    private static final Logger LOG = LoggerFactory.getLogger(HeldLeases.class);

    private final DefaultCoordinator coordinator;
    private final Map<DriverLease, Entry> byLease = new ConcurrentHashMap<>();

    private record Entry(LockLeaseImpl lease, Consumer<LossReason> onLoss) {}

    HeldLeases(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    LockLeaseImpl register(DriverLease lease, Consumer<LossReason> onLoss) {
        LockLeaseImpl impl = new LockLeaseImpl(this, lease);
        byLease.put(lease, new Entry(impl, onLoss));
        if (onLoss != null) {
            watchLoss(impl); // leaderships always need to notice a break
        }
        return impl;
    }

    boolean release(LockLeaseImpl lease) {
        if (!lease.end()) {
            return false;
        }
        byLease.remove(lease.driverLease());
        DriverLocks locks = coordinator.locksFacetOrNull();
        if (locks == null) {
            return false;
        }
        return locks.release(lease.driverLease());
    }

    void watchLoss(LockLeaseImpl lease) {
        DriverLocks locks = coordinator.locksFacetOrNull();
        if (locks != null) {
            try {
                locks.watchLoss(lease.driverLease());
            } catch (ToozException e) {
                LOG.warn(
                        "cannot watch lease on {} for loss: {}",
                        lease.driverLease().id(),
                        e.getMessage());
            }
        }
    }

    boolean isStillOwner(LockLeaseImpl lease) {
        DriverLocks locks = coordinator.locksFacetOrNull();
        return locks != null && locks.isStillOwner(lease.driverLease());
    }

    /** The driver (or the heartbeat) found a lease lost. */
    void lost(DriverLease lease, LossReason reason) {
        Entry e = byLease.remove(lease);
        if (e == null || !e.lease().end()) {
            return;
        }
        LOG.warn("lease on {} (token {}) lost: {}", lease.id(), lease.fencingToken(), reason);
        Runnable signal = () -> {
            e.lease().completeLost(reason);
            if (e.onLoss() != null) {
                e.onLoss().accept(reason);
            }
        };
        try {
            coordinator.dispatcher().execute(signal);
        } catch (ToozException stopped) {
            signal.run();
        }
    }

    void lostAll(LossReason reason) {
        new ArrayList<>(byLease.keySet()).forEach(l -> lost(l, reason));
    }

    /** One batched refresh of all TTL-bound leases. */
    void refresh() {
        DriverLocks locks = coordinator.locksFacetOrNull();
        if (locks == null || byLease.isEmpty()) {
            return;
        }
        Set<DriverLease> gone = locks.refresh(List.copyOf(byLease.keySet()));
        gone.forEach(l -> lost(l, LossReason.EXPIRED));
    }

    /** On stop: release every lease; holders see COORDINATOR_STOPPED. */
    void releaseAll() {
        DriverLocks locks = coordinator.locksFacetOrNull();
        for (DriverLease l : new ArrayList<>(byLease.keySet())) {
            Entry e = byLease.remove(l);
            if (e == null || !e.lease().end()) {
                continue;
            }
            try {
                if (locks != null) {
                    locks.release(l);
                }
            } catch (ToozException ex) {
                LOG.warn("could not release {} on stop: {}", l.id(), ex.getMessage());
            }
            e.lease().completeLost(LossReason.COORDINATOR_STOPPED);
            if (e.onLoss() != null) {
                e.onLoss().accept(LossReason.COORDINATOR_STOPPED);
            }
        }
    }
}
