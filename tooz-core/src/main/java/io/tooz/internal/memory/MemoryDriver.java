package io.tooz.internal.memory;

import io.tooz.Characteristic;
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

    MemoryDriver(MemoryBackend backend, DriverContext context, Duration ttl) {
        this.backend = backend;
        this.context = context;
        this.ttl = ttl;
        MemoryGroups groups = new MemoryGroups(this);
        this.facets = new Facets(
                groups, groups, new MemoryLocks(this), new MemoryClaims(backend), new MemoryLockQueues(this));
    }

    MemoryBackend backend() {
        return backend;
    }

    String memberId() {
        return context.memberId();
    }

    /** The live session, renewed if it expired (as a client reconnects with a new session). */
    MemoryBackend.Session session() {
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
        if (s != null) {
            backend.closeSession(s);
        }
    }

    @Override
    public Optional<Duration> ttl() {
        return Optional.of(ttl);
    }

    @Override
    public void heartbeat() {
        backend.touch(session());
    }

    @Override
    public Facets facets() {
        return facets;
    }
}
