package io.tooz.internal;

import io.tooz.CoordinatorObserver.LockKind;
import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLeases;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every lease this coordinator holds (user locks and leaderships): each TTL-bound one with a deadline that the {@link
 * LeaseClock} enforces, confirmed in one batch per refresh, released on stop, and told when the driver reports a loss.
 * A lease lost at its deadline may still be held in the backend (the connection may come back before the TTL, or a
 * session may survive): it is released in the background until the backend answers.
 */
final class HeldLeases {
    private static final Logger LOG = LoggerFactory.getLogger(HeldLeases.class);

    private final DefaultCoordinator coordinator;
    private final Map<DriverLease, Entry> byLease = new ConcurrentHashMap<>();
    private final Set<DriverLease> orphans = ConcurrentHashMap.newKeySet();
    private final LeaseClock clock;

    /** One held lease; {@code deadline} is {@link Long#MAX_VALUE} for leases bound to no TTL. */
    static final class Entry {
        final LockLeaseImpl lease;
        final @Nullable Consumer<LossReason> onLoss;
        volatile long deadline;

        Entry(LockLeaseImpl lease, @Nullable Consumer<LossReason> onLoss, long deadline) {
            this.lease = lease;
            this.onLoss = onLoss;
            this.deadline = deadline;
        }
    }

    HeldLeases(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
        this.clock = new LeaseClock(coordinator::memberId, this);
    }

    LockLeaseImpl register(DriverLease lease, @Nullable Consumer<LossReason> onLoss) {
        return register(lease, onLoss, deadlineOf(lease));
    }

    /**
     * Registers a user lock's grant, unless its deadline passed before it arrived (its answer came late, say just after
     * a partition healed): such a grant is released in the background instead of being handed to the caller.
     */
    Optional<LockLeaseImpl> registerUnlessLapsed(DriverLease lease) {
        long deadline = deadlineOf(lease);
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
            LOG.info("grant of {} (token {}) came too late to be used; releasing it", lease.id(), lease.fencingToken());
            orphans.add(lease);
            return Optional.empty();
        }
        return Optional.of(register(lease, null, deadline));
    }

    /**
     * Registers an entry of a read-write lock's or semaphore's queue, granted or still waiting, unless its deadline
     * passed before it arrived (then it is released in the background). {@code onLoss} hears its loss; unlike a
     * leadership's, nobody watches for it until the holder asks for {@code lost()}.
     */
    Optional<LockLeaseImpl> registerQueued(DriverLease lease, Consumer<LossReason> onLoss) {
        long deadline = deadlineOf(lease);
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
            orphans.add(lease);
            return Optional.empty();
        }
        LockLeaseImpl impl = new LockLeaseImpl(this, lease);
        byLease.put(lease, new Entry(impl, onLoss, deadline));
        if (deadline != Long.MAX_VALUE) {
            clock.checkBy(deadline);
        }
        return Optional.of(impl);
    }

    private LockLeaseImpl register(DriverLease lease, @Nullable Consumer<LossReason> onLoss, long deadline) {
        LockLeaseImpl impl = new LockLeaseImpl(this, lease);
        if (coordinator.observers().active()) {
            impl.granted(Observers.kindOf(lease.id()));
        }
        Entry e = new Entry(impl, onLoss, deadline);
        byLease.put(lease, e);
        if (deadline != Long.MAX_VALUE) {
            clock.checkBy(deadline);
        }
        if (onLoss != null) {
            watchLoss(impl); // leaderships always need to notice a break
        }
        return impl;
    }

    private long deadlineOf(DriverLease lease) {
        return leaseTtl(lease.id())
                .map(t -> LeaseDeadlines.deadline(lease.confirmedNanos(), t))
                .orElse(Long.MAX_VALUE);
    }

    Optional<Duration> leaseTtl(LockId id) {
        DriverLeases facet = coordinator.leasesFacetOrNull(id);
        return facet == null ? Optional.empty() : facet.leaseTtl(id);
    }

    /** The shortest lease TTL of the driver (any kind of grant), which sets how often leases are refreshed. */
    Optional<Duration> shortestLeaseTtl() {
        return Stream.of(LockId.lock("-"), LockId.leader("-"), LockId.readWrite("-"), LockId.semaphore("-"))
                .map(this::leaseTtl)
                .flatMap(Optional::stream)
                .min(Duration::compareTo);
    }

    boolean release(LockLeaseImpl lease) {
        if (!lease.end()) {
            return false;
        }
        byLease.remove(lease.driverLease());
        LockKind kind = lease.observedKind();
        if (kind != null) {
            coordinator.observers().leaseReleased(kind, lease.lockName(), lease.grantedNanos());
        }
        DriverLeases facet = coordinator.leasesFacetOrNull(lease.driverLease().id());
        if (facet == null) {
            return false;
        }
        return facet.release(lease.driverLease());
    }

    void watchLoss(LockLeaseImpl lease) {
        DriverLeases locks = coordinator.leasesFacetOrNull(lease.driverLease().id());
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
        DriverLeases locks = coordinator.leasesFacetOrNull(lease.driverLease().id());
        return locks != null && locks.isStillOwner(lease.driverLease());
    }

    /**
     * The lease is lost: the holder's {@code lost()} completes on the calling thread (the driver's, or the lease
     * clock's at a deadline), before this returns.
     */
    void lost(DriverLease lease, LossReason reason) {
        Entry e = byLease.remove(lease);
        if (e == null || !e.lease.end()) {
            return;
        }
        LOG.warn("lease on {} (token {}) lost: {}", lease.id(), lease.fencingToken(), reason);
        observeLoss(e.lease, reason);
        e.lease.completeLost(reason);
        if (e.onLoss != null) {
            try {
                e.onLoss.accept(reason);
            } catch (RuntimeException ex) {
                LOG.warn("handling the loss of {} failed", lease.id(), ex);
            }
        }
    }

    /**
     * Every lease whose deadline passed with no confirmation is lost, and released in the background should the
     * backend still hold it.
     *
     * @return the earliest deadline still ahead, or {@link Long#MAX_VALUE}
     */
    long expireDue(long now) {
        long next = Long.MAX_VALUE;
        for (Map.Entry<DriverLease, Entry> me : byLease.entrySet()) {
            long d = me.getValue().deadline;
            if (d == Long.MAX_VALUE) {
                continue;
            }
            if (now - d >= 0) {
                if (coordinator.observers().active()) {
                    coordinator.connection().leaseUnconfirmed();
                }
                orphans.add(me.getKey());
                lost(me.getKey(), LossReason.CONNECTION_LOST);
            } else if (d - next < 0) {
                next = d;
            }
        }
        return next;
    }

    private void observeLoss(LockLeaseImpl lease, LossReason reason) {
        LockKind kind = lease.observedKind();
        if (kind != null) {
            coordinator.observers().leaseLost(kind, lease.lockName(), lease.grantedNanos(), reason);
        }
    }

    void lostAll(LossReason reason) {
        new ArrayList<>(byLease.keySet()).forEach(l -> lost(l, reason));
    }

    /** The leases held now, neither released nor lost. */
    List<DriverLease> leases() {
        return List.copyOf(byLease.keySet());
    }

    /** Whether any held lease needs refreshing or any lost one still waits to be released in the backend. */
    boolean needsRefresh() {
        return !byLease.isEmpty() || !orphans.isEmpty();
    }

    /**
     * One batched confirmation of every held lease; the ones the backend still has are confirmed as of the moment the
     * request began. Throws if the backend could not be reached (nothing is confirmed then).
     */
    void refresh() {
        try {
            confirm(false);
            confirm(true);
        } finally {
            releaseOrphans(); // after: a release stuck in a partition must not delay confirming the rest
        }
    }

    /** Confirms the grants of one facet: the locks', or the read-write locks' and semaphores' ({@code queued}). */
    private void confirm(boolean queued) {
        List<DriverLease> batch = new ArrayList<>();
        for (DriverLease l : byLease.keySet()) {
            if (l.id().queued() == queued) {
                batch.add(l);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        DriverLeases facet = coordinator.leasesFacetOrNull(batch.get(0).id());
        if (facet == null) {
            return;
        }
        long sent = System.nanoTime();
        Set<DriverLease> gone = facet.refresh(batch);
        for (DriverLease l : batch) {
            if (gone.contains(l)) {
                lost(l, LossReason.EXPIRED);
                continue;
            }
            Optional<Duration> ttl = facet.leaseTtl(l.id());
            Entry e = byLease.get(l);
            if (ttl.isPresent() && e != null) {
                long d = LeaseDeadlines.deadline(sent, ttl.get());
                if (d > e.deadline) {
                    e.deadline = d;
                }
            }
        }
    }

    private void releaseOrphans() {
        for (DriverLease l : List.copyOf(orphans)) {
            DriverLeases facet = coordinator.leasesFacetOrNull(l.id());
            if (facet == null) {
                continue;
            }
            try {
                facet.release(l);
                orphans.remove(l);
            } catch (ToozException e) {
                LOG.debug("lost lease on {} not released yet: {}", l.id(), e.getMessage());
            }
        }
    }

    /** On stop: release every lease; holders see COORDINATOR_STOPPED. */
    void releaseAll() {
        releaseOrphans();
        orphans.clear();
        for (DriverLease l : new ArrayList<>(byLease.keySet())) {
            Entry e = byLease.remove(l);
            if (e == null || !e.lease.end()) {
                continue;
            }
            try {
                DriverLeases facet = coordinator.leasesFacetOrNull(l.id());
                if (facet != null) {
                    facet.release(l);
                }
            } catch (ToozException ex) {
                LOG.warn("could not release {} on stop: {}", l.id(), ex.getMessage());
            }
            observeLoss(e.lease, LossReason.COORDINATOR_STOPPED);
            e.lease.completeLost(LossReason.COORDINATOR_STOPPED);
            if (e.onLoss != null) {
                e.onLoss.accept(LossReason.COORDINATOR_STOPPED);
            }
        }
    }
}
