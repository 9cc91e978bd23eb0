package io.tooz;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records every event it hears, and waits for one that matches (no fixed sleeps in tests). */
final class RecordingObserver implements CoordinatorObserver {
    final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void onLockAcquire(LockAcquire event) {
        events.add(event);
    }

    @Override
    public void onLeaseReleased(LeaseReleased event) {
        events.add(event);
    }

    @Override
    public void onLeaseLost(LeaseLost event) {
        events.add(event);
    }

    @Override
    public void onLeadership(Leadership event) {
        events.add(event);
    }

    @Override
    public void onGroupMembers(GroupMembers event) {
        events.add(event);
    }

    @Override
    public void onWatchDelivery(WatchDelivery event) {
        events.add(event);
    }

    @Override
    public void onBackendCall(BackendCall event) {
        events.add(event);
    }

    @Override
    public void onConnectionChange(ConnectionChange event) {
        events.add(event);
    }

    /** Every recorded event of this type, in order. */
    <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits (at most 10 s) for an event of this type that matches, and returns it. */
    <T> T await(Class<T> type, Predicate<T> matches) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - deadline < 0) {
            for (T e : of(type)) {
                if (matches.test(e)) {
                    return e;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ie);
            }
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " within 10 s; heard " + events);
    }

    /** The connection states reported, in order (the first change's previous state, then each current one). */
    List<ConnectionState> states() {
        List<ConnectionChange> changes = of(ConnectionChange.class);
        List<ConnectionState> out = new CopyOnWriteArrayList<>();
        if (!changes.isEmpty()) {
            out.add(changes.get(0).previous());
        }
        changes.forEach(c -> out.add(c.current()));
        return out;
    }
}
