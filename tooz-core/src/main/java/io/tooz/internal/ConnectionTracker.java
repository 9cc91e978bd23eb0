package io.tooz.internal;

import io.tooz.CoordinatorObserver.ConnectionChange;
import io.tooz.CoordinatorObserver.ConnectionState;
import io.tooz.ToozConnectionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One coordinator's connection state as its observers see it, derived from what the core learns anyway (see {@link
 * ConnectionState}); each change is reported once. Only kept while observers are registered.
 */
final class ConnectionTracker {
    private final String memberId;
    private final Observers observers;
    private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.CLOSED);

    ConnectionTracker(String memberId, Observers observers) {
        this.memberId = memberId;
        this.observers = observers;
    }

    void started() {
        set(ConnectionState.CONNECTED);
    }

    void stopped() {
        set(ConnectionState.CLOSED);
    }

    void sessionLost() {
        move(ConnectionState.CONNECTED, ConnectionState.LOST);
        move(ConnectionState.SUSPENDED, ConnectionState.LOST);
    }

    /** The driver can write again after its memberships lapsed (a new session, a liveness written anew). */
    void writable() {
        called(null);
    }

    /** A lease passed its deadline unconfirmed. */
    void leaseUnconfirmed() {
        move(ConnectionState.CONNECTED, ConnectionState.SUSPENDED);
    }

    /** A call to the backend ended: one that failed to reach it suspends, any other shows it reachable. */
    void called(@Nullable Throwable error) {
        if (error instanceof ToozConnectionException) {
            move(ConnectionState.CONNECTED, ConnectionState.SUSPENDED);
        } else {
            move(ConnectionState.SUSPENDED, ConnectionState.CONNECTED);
            move(ConnectionState.LOST, ConnectionState.CONNECTED);
        }
    }

    private void set(ConnectionState next) {
        ConnectionState before = state.getAndSet(next);
        if (before != next) {
            observers.connectionChange(new ConnectionChange(memberId, before, next));
        }
    }

    private void move(ConnectionState from, ConnectionState to) {
        if (state.get() == from && state.compareAndSet(from, to)) {
            observers.connectionChange(new ConnectionChange(memberId, from, to));
        }
    }
}
