package io.tooz.driver.redis;

import io.tooz.Characteristic;
import io.tooz.InvalidNameException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.Facets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One coordinator's Redis connections: a command pool and, once needed, a pub/sub connection. */
final class RedisDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(RedisDriver.class);

    private final DriverContext context;
    private final RedisSettings settings;
    private final RedisKeys keys;
    private final LockKeyFormatWarning lockKeyFormatWarning;
    private final String instance = UUID.randomUUID().toString().replace("-", "");
    private final byte[] membershipMillis;
    private final byte[] lockMillis;
    private final RedisGroups groups;
    private final RedisLocks locks;
    private final RedisLockQueues queues;
    private final RedisClaims claims;
    private volatile RedisCommands commands;
    private volatile RedisSubscriber subscriber;

    RedisDriver(DriverContext context, RedisSettings settings) {
        this.context = context;
        this.settings = settings;
        this.keys = new RedisKeys(settings.namespace(), settings.legacyLockKeys());
        this.lockKeyFormatWarning = new LockKeyFormatWarning(settings.legacyLockKeys(), context.memberId());
        this.membershipMillis =
                RedisCommands.bytes(Long.toString(settings.membershipTimeout().toMillis()));
        this.lockMillis =
                RedisCommands.bytes(Long.toString(settings.lockTimeout().toMillis()));
        this.groups = new RedisGroups(this);
        this.locks = new RedisLocks(this);
        this.queues = new RedisLockQueues(this, locks.wakeups());
        this.claims = new RedisClaims(this);
    }

    DriverContext context() {
        return context;
    }

    RedisSettings settings() {
        return settings;
    }

    RedisKeys keys() {
        return keys;
    }

    /** This coordinator's one warning per kind that someone uses the other {@code lock_key_format}. */
    LockKeyFormatWarning lockKeyFormatWarning() {
        return lockKeyFormatWarning;
    }

    /** {@code membership_timeout} in milliseconds, as a script argument. */
    byte[] membershipMillis() {
        return membershipMillis;
    }

    /** {@code lock_timeout} in milliseconds, as a script argument. */
    byte[] lockMillis() {
        return lockMillis;
    }

    RedisCommands commands() {
        RedisCommands c = commands;
        if (c == null) {
            throw new io.tooz.ToozConnectionException("not connected to Redis at " + settings.address());
        }
        return c;
    }

    RedisSubscriber subscriber() {
        return subscriber;
    }

    String memberId() {
        return context.memberId();
    }

    /** Unique per coordinator: names its wake-up channel and its lock values. */
    String instance() {
        return instance;
    }

    @Override
    public Set<Characteristic> characteristics() {
        return Set.of(
                Characteristic.DISTRIBUTED_ACROSS_THREADS,
                Characteristic.DISTRIBUTED_ACROSS_PROCESSES,
                Characteristic.DISTRIBUTED_ACROSS_HOSTS,
                Characteristic.CAUSAL);
    }

    @Override
    public void checkName(NameKind kind, String name) {
        if (kind == NameKind.MEMBER && name.equals(RedisKeys.GROUP_EXISTS)) {
            throw new InvalidNameException("Redis member id '" + RedisKeys.GROUP_EXISTS + "' is reserved: Python tooz"
                    + " marks a group's existence with that hash field");
        }
    }

    @Override
    public void start() {
        RedisCommands c = new RedisCommands(settings, "tooz-" + memberId());
        try {
            String version = c.call(
                            "reading the server version",
                            r -> RedisCommands.text(
                                    (byte[]) r.sendCommand(redis.clients.jedis.Protocol.Command.INFO, "server")))
                    .lines()
                    .filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length()).trim())
                    .findFirst()
                    .orElse("0");
            if (!RedisVersion.atLeast(version, 5, 0)) {
                throw new io.tooz.ToozConnectionException("Redis at " + settings.address() + " is version " + version
                        + "; tooz-java needs 5.0 or later (Lua effect replication)");
            }
            commands = c;
            subscriber = new RedisSubscriber(settings, c, "tooz-redis-pubsub-" + memberId());
            heartbeat();
        } catch (RuntimeException e) {
            commands = null;
            c.close();
            throw c.atStart(e);
        }
    }

    @Override
    public Optional<Duration> ttl() {
        Duration m = settings.membershipTimeout();
        Duration l = settings.lockTimeout();
        return Optional.of(m.compareTo(l) <= 0 ? m : l);
    }

    /** Refreshes the liveness key; if it had expired, others may have pruned us, so re-join our groups. */
    @Override
    public void heartbeat() {
        Object alive = commands()
                .script(
                        RedisScript.HEARTBEAT,
                        "refreshing the liveness of member " + memberId(),
                        List.of(RedisCommands.bytes(keys.beat(memberId()))),
                        List.of(membershipMillis));
        if (RedisCommands.number(alive) == 0) {
            context.events()
                    .membershipsLost("it missed its heartbeats past membership_timeout (" + settings.membershipTimeout()
                            + ") on Redis at " + settings.address());
        }
    }

    @Override
    public Facets facets() {
        return new Facets(groups, groups, locks, claims, queues);
    }

    @Override
    public void close() {
        RedisSubscriber s = subscriber;
        if (s != null) {
            s.close();
        }
        RedisCommands c = commands;
        if (c != null) {
            try {
                c.call("removing the liveness key of " + memberId(), r -> r.del(keys.beat(memberId())));
            } catch (RuntimeException e) {
                LOG.debug("could not remove the liveness key of {}: {}", memberId(), e.toString());
            }
            c.close();
        }
        commands = null;
    }
}
