package io.tooz.internal.memory;

import io.tooz.Characteristic;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.Facets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One coordinator's session on a {@link MemoryBackend}. */
final class MemoryDriver implements Driver {
    private final MemoryBackend backend;
    private final DriverContext context;
    private final Duration ttl;
    private final Facets facets;
    private volatile MemoryBackend.@Nullable Session session;
    private volatile boolean cutOff;

    MemoryDriver(MemoryBackend backend, DriverContext context, Duration ttl) {
        this.backend = backend;
        this.context = context;
        this.ttl = ttl;
        MemoryGroups groups = new MemoryGroups(this);
        this.facets =
                new Facets(groups, groups, new MemoryLocks(this), new MemoryClaims(this), new MemoryLockQueues(this));
    }

    MemoryBackend backend() {
        return backend;
    }

    String memberId() {
        return context.memberId();
    }

    /** Cuts this coordinator off the backend, or heals it (tests): see {@link MemoryBackend#cutOff}. */
    void cutOff(boolean cut) {
        cutOff = cut;
    }

    /** Ends the session now, as the backend does when the TTL passes without a heartbeat (tests). */
    void expireSession() {
        MemoryBackend.Session s = session;
        if (s != null) {
            backend.expire(s);
        }
    }

    /** Fails while this coordinator is cut off the backend; every call to the backend checks it first. */
    void checkReachable() {
        if (cutOff) {
            throw new ToozConnectionException("memory://" + backend.name + " is unreachable from " + memberId()
                    + " (simulated network partition); it recovers when healed");
        }
    }

    /** {@link MemoryBackend#enter()} for this coordinator's calls: fails while it is cut off. */
    void enter() {
        checkReachable();
        backend.enter();
    }

    /** {@link MemoryBackend#recheck()} for this coordinator's calls: fails while it is cut off. */
    void recheck() {
        checkReachable();
        backend.recheck();
    }

    /** The live session, renewed if it expired (as a client reconnects with a new session). */
    MemoryBackend.Session session() {
        checkReachable();
        MemoryBackend.Session s = session;
        if (s == null) {
            throw new ToozException("memory driver for " + memberId() + " is not started");
        }
        if (!s.alive()) {
            boolean renewed = false;
            synchronized (this) {
                MemoryBackend.Session now = session;
                if (now == s) {
                    now = backend.openSession(memberId(), ttl, context.events());
                    session = now;
                    renewed = true;
                } else if (now == null) {
                    throw new ToozException("memory driver for " + memberId() + " is not started");
                }
                s = now;
            }
            if (renewed) {
                context.events().membershipsLost("its memory:// session expired (no heartbeat for " + ttl + ")");
            }
        }
        return s;
    }

    @Override
    public Set<Characteristic> characteristics() {
        return Set.of(
                Characteristic.DISTRIBUTED_ACROSS_THREADS,
                Characteristic.NON_TIMEOUT_BASED,
                Characteristic.LINEARIZABLE,
                Characteristic.SAME_VIEW_ACROSS_CLIENTS);
    }

    @Override
    public void start() {
        backend.checkAvailable();
        session = backend.openSession(memberId(), ttl, context.events());
    }

    @Override
    public void close() {
        MemoryBackend.Session s = session;
        session = null;
        if (s != null && !cutOff) { // a cut-off client cannot end its session: the TTL does
            backend.closeSession(s);
        }
    }

    @Override
    public Optional<Duration> ttl() {
        return Optional.of(ttl);
    }

    @Override
    public void heartbeat() {
        backend.touch(session()); // session() fails while cut off
    }

    @Override
    public Facets facets() {
        return facets;
    }
}
