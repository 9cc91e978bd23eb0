package io.tooz.driver.memcached;

import io.tooz.Characteristic;
import io.tooz.ToozConnectionException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.Facets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator's memcached connections, liveness key, groups, locks, read-write locks and semaphores, and claims. No
 * native watch: the core polls.
 */
final class MemcachedDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(MemcachedDriver.class);
    static final byte[] STILL_ALIVE = "It's alive!".getBytes(StandardCharsets.US_ASCII);

    private final DriverContext context;
    private final MemcachedSettings settings;
    private final Clock clock;
    private final MemcachedGroups groups = new MemcachedGroups(this);
    private final MemcachedLocks locks = new MemcachedLocks(this);
    private final MemcachedClaims claims = new MemcachedClaims(this);
    private final MemcachedLockQueues lockQueues = new MemcachedLockQueues(this);
    private volatile MemcachedClient client;

    MemcachedDriver(DriverContext context, MemcachedSettings settings, Clock clock) {
        this.context = context;
        this.settings = settings;
        this.clock = clock;
    }

    DriverContext context() {
        return context;
    }

    MemcachedSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    String memberId() {
        return context.memberId();
    }

    MemcachedClient client() {
        MemcachedClient c = client;
        if (c == null) {
            throw new ToozConnectionException("not connected to memcached at " + settings.address());
        }
        return c;
    }

    /**
     * Not {@code CAUSAL} (which Python tooz declares): memcached may evict or lose on restart any key, so a later read
     * can miss an earlier write, and a write can be read before the one it depends on is lost. Liveness is timeouts.
     * Python's {@code memcached://} accepts {@code CAUSAL}; we refuse it (docs/python-interop.md).
     */
    @Override
    public Set<Characteristic> characteristics() {
        return Set.of(
                Characteristic.DISTRIBUTED_ACROSS_THREADS,
                Characteristic.DISTRIBUTED_ACROSS_PROCESSES,
                Characteristic.DISTRIBUTED_ACROSS_HOSTS);
    }

    @Override
    public void checkName(NameKind kind, String name) {
        MemcachedKeys.check(kind, name);
    }

    @Override
    public void start() {
        MemcachedClient c = new MemcachedClient(
                settings.host(), settings.port(), settings.timeout(), settings.maxPoolSize(), settings.tls());
        try {
            c.connect();
            client = c;
            heartbeat();
        } catch (RuntimeException e) {
            client = null;
            c.close();
            throw e;
        }
    }

    @Override
    public Optional<Duration> ttl() {
        return Stream.of(settings.membershipTimeout(), settings.lockTimeout(), settings.leaderTimeout())
                .min(Duration::compareTo);
    }

    /** Refreshes the liveness key; if it had expired, others may have pruned us, so re-join our groups. */
    @Override
    public void heartbeat() {
        MemcachedClient c = client();
        String key = MemcachedKeys.member(memberId());
        int ttl = MemcachedSettings.seconds(settings.membershipTimeout());
        if (c.touch(key, ttl)) {
            return;
        }
        c.set(key, MemcachedValues.RAW, ttl, STILL_ALIVE);
        context.events()
                .membershipsLost("it had no liveness key on memcached at " + settings.address()
                        + " (missed heartbeats past membership_timeout " + settings.membershipTimeout()
                        + ", eviction or restart)");
    }

    @Override
    public Facets facets() {
        return new Facets(groups, null, locks, claims, lockQueues);
    }

    @Override
    public void close() {
        MemcachedClient c = client;
        if (c == null) {
            return;
        }
        try {
            c.delete(MemcachedKeys.member(memberId()));
        } catch (RuntimeException e) {
            LOG.debug("could not remove the liveness key of {}: {}", memberId(), e.toString());
        }
        c.close();
        client = null;
    }
}
