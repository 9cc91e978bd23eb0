package io.tooz.driver.jdbc;

import io.tooz.Characteristic;
import io.tooz.InvalidNameException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.Facets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator's connections to PostgreSQL or MySQL: a small pool for groups and the like, a pool of lock
 * connections (one per held lock, see {@link LockSessions}), a watcher. Every request waits at most {@code timeout} for
 * an answer.
 */
final class JdbcDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDriver.class);
    /** Every this many heartbeats, rows of sessions dead for a whole TTL are deleted. */
    private static final int CLEAN_EVERY = 10;

    private final DriverContext context;
    private final JdbcSettings settings;
    private final String instance = UUID.randomUUID().toString().replace("-", "");
    private final GroupSql sql;
    private final JdbcGroups groups;
    private final JdbcWatcher watcher;
    private final JdbcLocks locks;
    private final JdbcClaims claims;
    private final JdbcLockQueues queues;
    private volatile JdbcPool pool;
    private int beats;

    JdbcDriver(DriverContext context, JdbcSettings settings) {
        this.context = context;
        this.settings = settings;
        this.sql = new GroupSql(settings.dialect(), settings.tablePrefix());
        this.groups = new JdbcGroups(this, sql);
        QueueStore queueStore = settings.dialect().queueStore(settings.tablePrefix());
        this.watcher = new JdbcWatcher(this, queueStore);
        this.locks = new JdbcLocks(this);
        this.claims = new JdbcClaims(this);
        this.queues = new JdbcLockQueues(
                this, queueStore, locks.sessions(), dialect().pushesChanges() ? watcher.locks() : null);
    }

    DriverContext context() {
        return context;
    }

    JdbcSettings settings() {
        return settings;
    }

    Dialect dialect() {
        return settings.dialect();
    }

    String memberId() {
        return context.memberId();
    }

    String instance() {
        return instance;
    }

    JdbcGroups groupsFacet() {
        return groups;
    }

    JdbcWatcher watcher() {
        return watcher;
    }

    long ttlMicros() {
        return settings.membershipTimeout().toNanos() / 1000;
    }

    JdbcPool pool() {
        JdbcPool p = pool;
        if (p == null) {
            throw new io.tooz.ToozConnectionException(
                    "not connected to " + dialect().displayName() + " at " + settings.address());
        }
        return p;
    }

    @Override
    public Set<Characteristic> characteristics() {
        return Set.of(
                Characteristic.DISTRIBUTED_ACROSS_THREADS,
                Characteristic.DISTRIBUTED_ACROSS_PROCESSES,
                Characteristic.DISTRIBUTED_ACROSS_HOSTS,
                Characteristic.NON_TIMEOUT_BASED,
                Characteristic.LINEARIZABLE);
    }

    @Override
    public void checkName(NameKind kind, String name) {
        if (name.indexOf('\0') >= 0) {
            throw new InvalidNameException(dialect().displayName() + " cannot store the NUL character in a "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + " name; remove it");
        }
    }

    @Override
    public void start() {
        // its connections learn of server restarts too, for the queues
        JdbcPool p = new JdbcPool(
                settings, "tooz-" + memberId(), settings.timeout(), Long.MAX_VALUE, locks.sessions()::readUptime);
        try {
            p.call("inspecting the server", c -> {
                dialect().learn(c);
                return null;
            });
            JdbcSchema.ensure(p, dialect(), settings.tablePrefix());
            pool = p;
            locks.start("tooz-" + memberId());
            heartbeat();
        } catch (RuntimeException e) {
            pool = null;
            p.close();
            throw e;
        }
    }

    @Override
    public Optional<Duration> ttl() {
        return Optional.of(settings.membershipTimeout());
    }

    /** Pushes our session's expiry forward; if it had expired, others stopped counting us, so re-join our groups. */
    @Override
    public void heartbeat() {
        long ttl = ttlMicros();
        boolean alive = pool().call("refreshing the session of member " + memberId(), c -> {
            if (Sql.update(c, sql.refreshSession, ttl, memberId()) > 0) {
                return true;
            }
            Sql.update(c, sql.upsertSession, memberId(), instance, ttl);
            return false;
        });
        if (!alive) {
            context.events()
                    .membershipsLost("it missed its heartbeats past membership_timeout (" + settings.membershipTimeout()
                            + ") on " + dialect().displayName() + " at " + settings.address());
        }
        if (++beats % CLEAN_EVERY == 0) {
            pool().call("deleting dead members", c -> {
                Sql.update(c, sql.deleteDeadMembers, ttl);
                Sql.update(c, sql.deleteDeadSessions, ttl);
                Sql.update(c, dialect().deleteEndedSessions(settings.tablePrefix()));
                queues.deleteDead(c);
                return null;
            });
        }
    }

    @Override
    public Facets facets() {
        return new Facets(groups, watcher, locks, claims, queues);
    }

    @Override
    public void close() {
        watcher.close();
        queues.close();
        locks.close();
        JdbcPool p = pool;
        if (p == null) {
            return;
        }
        if (p.reachable()) { // else trying would only wait as long as the request that failed
            try {
                p.call(
                        "ending the session of " + memberId(),
                        c -> Sql.update(c, sql.deleteSession, memberId(), instance));
            } catch (RuntimeException e) {
                LOG.debug("could not delete the session of {}: {}", memberId(), e.toString());
            }
        }
        p.close();
        pool = null;
    }
}
