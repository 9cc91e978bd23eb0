package io.tooz.internal;

import io.tooz.CoordinatorObserver;
import io.tooz.CoordinatorObserver.AcquireOutcome;
import io.tooz.CoordinatorObserver.LockKind;
import io.tooz.GroupEvent;
import io.tooz.LossReason;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator's observers: each event goes to all, in registration order; what one throws is logged once per
 * observer, event and exception class. Callers check {@link #active()} first, so a coordinator without observers
 * builds no event.
 */
final class Observers {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private final List<CoordinatorObserver> observers;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    Observers(List<CoordinatorObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    boolean active() {
        return !observers.isEmpty();
    }

    void lockAcquire(LockKind kind, String name, long startNanos, AcquireOutcome outcome) {
        var e = new CoordinatorObserver.LockAcquire(kind, name, since(startNanos), outcome);
        each("onLockAcquire", o -> o.onLockAcquire(e));
    }

    void leaseReleased(LockKind kind, String name, long grantedNanos) {
        var e = new CoordinatorObserver.LeaseReleased(kind, name, since(grantedNanos));
        each("onLeaseReleased", o -> o.onLeaseReleased(e));
    }

    void leaseLost(LockKind kind, String name, long grantedNanos, LossReason reason) {
        var e = new CoordinatorObserver.LeaseLost(kind, name, since(grantedNanos), reason);
        each("onLeaseLost", o -> o.onLeaseLost(e));
    }

    void leadership(String group, boolean gained) {
        var e = new CoordinatorObserver.Leadership(group, gained);
        each("onLeadership", o -> o.onLeadership(e));
    }

    void groupMembers(String group, int count) {
        var e = new CoordinatorObserver.GroupMembers(group, count);
        each("onGroupMembers", o -> o.onGroupMembers(e));
    }

    void watchDelivery(GroupEvent event, long learnedNanos) {
        var e = new CoordinatorObserver.WatchDelivery(event, since(learnedNanos));
        each("onWatchDelivery", o -> o.onWatchDelivery(e));
    }

    void backendCall(String operation, long startNanos, @Nullable Throwable error) {
        var e = new CoordinatorObserver.BackendCall(operation, since(startNanos), error);
        each("onBackendCall", o -> o.onBackendCall(e));
    }

    void connectionChange(CoordinatorObserver.ConnectionChange e) {
        each("onConnectionChange", o -> o.onConnectionChange(e));
    }

    /** The kind of a lease that is not a read-write lock's or a semaphore's (their kind comes with the request). */
    static LockKind kindOf(LockId id) {
        return id.kind() == LockId.Kind.LEADER ? LockKind.LEADER : LockKind.LOCK;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }

    private void each(String event, Consumer<CoordinatorObserver> call) {
        for (CoordinatorObserver o : observers) {
            try {
                call.accept(o);
            } catch (RuntimeException | Error e) {
                if (logged.add(o.getClass().getName() + " " + event + " "
                        + e.getClass().getName())) {
                    LOG.warn(
                            "observer {} threw from {} (logged once; later failures of this kind are ignored)",
                            o,
                            event,
                            e);
                }
            }
        }
    }
}
