package io.tooz.driver.etcd;

import io.tooz.Characteristic;
import io.tooz.InvalidNameException;
import io.tooz.ToozConnectionException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.Facets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator's etcd client and its two leases: the membership lease (TTL {@code membership_timeout}) under its
 * member keys and the lock lease (TTL {@code lock_timeout}) under its lock keys, both refreshed by the core's
 * heartbeats; the entries of read-write locks and semaphores ({@link EtcdLockQueues}) go under the lock lease too.
 * Claims have leases of their own, never refreshed ({@link EtcdClaims}).
 */
final class EtcdDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdDriver.class);

    private final DriverContext context;
    private final EtcdSettings settings;
    /** 64 random bits: short, since every grant and release sends the lock value that contains it. */
    private final String instance = Long.toHexString(new java.security.SecureRandom().nextLong());

    private volatile EtcdClient client;
    private volatile EtcdLease membershipLease;
    private volatile EtcdLease lockLease;
    private final EtcdGroups groups;
    private final EtcdLocks locks;
    private final EtcdClaims claims;
    private final EtcdLockQueues lockQueues;

    EtcdDriver(DriverContext context, EtcdSettings settings) {
        this.context = context;
        this.settings = settings;
        this.groups = new EtcdGroups(this);
        this.locks = new EtcdLocks(this);
        this.claims = new EtcdClaims(this);
        this.lockQueues = new EtcdLockQueues(this, locks);
    }

    DriverContext context() {
        return context;
    }

    EtcdClient client() {
        EtcdClient c = client;
        if (c == null) {
            throw new ToozConnectionException("not connected to etcd at " + settings.address());
        }
        return c;
    }

    EtcdLease membershipLease() {
        return membershipLease;
    }

    EtcdSettings settings() {
        return settings;
    }

    EtcdLease lockLease() {
        return lockLease;
    }

    String memberId() {
        return context.memberId();
    }

    /** Unique per coordinator: part of its lock values. */
    String instance() {
        return instance;
    }

    @Override
    public Set<Characteristic> characteristics() {
        return Set.of(
                Characteristic.DISTRIBUTED_ACROSS_THREADS,
                Characteristic.DISTRIBUTED_ACROSS_PROCESSES,
                Characteristic.DISTRIBUTED_ACROSS_HOSTS,
                Characteristic.NON_TIMEOUT_BASED,
                Characteristic.LINEARIZABLE,
                Characteristic.SERIALIZABLE,
                Characteristic.SEQUENTIAL,
                Characteristic.CAUSAL);
    }

    @Override
    public void checkName(NameKind kind, String name) {
        if ((kind == NameKind.GROUP || kind == NameKind.MEMBER) && name.indexOf('/') >= 0) {
            throw new InvalidNameException("etcd " + kind.name().toLowerCase(java.util.Locale.ROOT) + " id '" + name
                    + "' contains '/': Python tooz's etcd keys tooz/groups/<group>/<member> use '/' to separate"
                    + " them; choose a name without '/'");
        }
    }

    @Override
    public void start() {
        EtcdReachability.requireOneListening(settings);
        EtcdClient c = new EtcdClient(settings);
        try {
            // granting a lease needs no permission: a read shows at once whether this user may use tooz's keys
            c.call("reading the keys under tooz/", () -> c.kv().get(
                            EtcdKeys.GROUPS_PREFIX,
                            io.etcd.jetcd.options.GetOption.builder()
                                    .isPrefix(true)
                                    .withKeysOnly(true)
                                    .withLimit(1)
                                    .build()));
            EtcdLease m = new EtcdLease(c, "membership", settings.membershipTtlSeconds());
            m.grant();
            EtcdLease l = new EtcdLease(c, "lock", settings.lockTtlSeconds());
            l.grant();
            client = c;
            membershipLease = m;
            lockLease = l;
        } catch (RuntimeException e) {
            c.close();
            throw EtcdReachability.explainStart(settings, e);
        }
    }

    @Override
    public Optional<Duration> ttl() {
        return Optional.of(Duration.ofSeconds(Math.min(settings.membershipTtlSeconds(), settings.lockTtlSeconds())));
    }

    /**
     * Refreshes both leases. A membership lease found gone (a pause past {@code membership_timeout}) is replaced and
     * the core joins this member's groups again under the new one; a lock lease found gone is replaced, and the core's
     * refresh then reports the grants made under it as lost.
     */
    @Override
    public void heartbeat() {
        EtcdLease m = membershipLease;
        long seen = m.generation();
        if (!keepAlive(m)) {
            renewMembership(seen);
        }
        EtcdLease l = lockLease;
        long lockSeen = l.generation();
        if (!keepAlive(l)) {
            l.replace(lockSeen);
        }
    }

    private static boolean keepAlive(EtcdLease lease) {
        return lease.keepAlive();
    }

    /**
     * The membership lease of generation {@code seen} was found gone: grants a new one, unless someone already did,
     * and has the core join this member's groups again under it.
     */
    synchronized void renewMembership(long seen) {
        EtcdLease m = membershipLease;
        if (m.generation() != seen) {
            return;
        }
        m.grant();
        context.events()
                .membershipsLost("its etcd membership lease expired (no heartbeat for membership_timeout, "
                        + settings.membershipTtlSeconds() + " s) and its member keys went with it; it has a new lease");
    }

    @Override
    public Facets facets() {
        return new Facets(groups, groups, locks, claims, lockQueues);
    }

    /** Revokes both leases, so this member's keys and locks go now rather than at their TTL. */
    @Override
    public void close() {
        EtcdClient c = client;
        if (c == null) {
            return;
        }
        locks.close();
        for (EtcdLease lease : new EtcdLease[] {membershipLease, lockLease}) {
            try {
                lease.revoke();
            } catch (RuntimeException e) {
                LOG.debug("could not revoke a lease of member {}: {}", memberId(), e.toString());
            }
        }
        client = null;
        c.close();
    }
}
