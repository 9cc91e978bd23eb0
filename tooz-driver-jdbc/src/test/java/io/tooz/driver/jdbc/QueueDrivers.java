package io.tooz.driver.jdbc;

import io.tooz.LossReason;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverOptions;
import io.tooz.tck.StubDriverContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Started drivers on a shared database, each with a context of its own that records the losses it is told of; closes
 * them all. For tests of a facet below the core.
 */
final class QueueDrivers implements AutoCloseable {
    /** The servers: PostgreSQL, MariaDB, and MariaDB taking MySQL's path (counter rows instead of sequences). */
    static final String POSTGRESQL = "postgresql";

    static final String MYSQL = "mysql";
    static final String MYSQL_COUNTERS = "mysql-counters";

    private final String prefix;
    private final List<Started> started = new ArrayList<>();

    /** A started driver and what its coordinator would have been told. */
    record Started(JdbcDriver driver, Map<DriverLease, LossReason> losses, ScheduledExecutorService scheduler) {
        JdbcLockQueues queues() {
            return (JdbcLockQueues) driver.facets().lockQueues();
        }

        JdbcLocks locks() {
            return (JdbcLocks) driver.facets().locks();
        }
    }

    QueueDrivers(String prefix) {
        this.prefix = prefix;
    }

    static boolean postgres(String server) {
        return server.equals(POSTGRESQL);
    }

    /** A started driver with {@code timeout} seconds (the lease TTL). */
    Started start(String server, int timeout) {
        return start(server, timeout, null);
    }

    /**
     * A started driver; with {@code uptimeSeconds}, its dialect says the server has been up that long (as if it had
     * just restarted), and is otherwise the real one.
     */
    Started start(String server, int timeout, String uptimeSeconds) {
        String url = postgres(server) ? JdbcServers.POSTGRESQL : JdbcServers.MYSQL;
        ConnectionUrl u = ConnectionUrl.parse(url + "?timeout=" + timeout + "&table_prefix=" + prefix);
        JdbcSettings s = JdbcDriverProvider.settings(u, new DriverOptions(u.scheme(), u.query()));
        if (uptimeSeconds != null) {
            s = new JdbcSettings(
                    restarted(s.dialect(), uptimeSeconds),
                    s.host(),
                    s.port(),
                    s.database(),
                    s.user(),
                    s.password(),
                    s.connectionProperties(),
                    s.timeout(),
                    s.membershipTimeout(),
                    s.tablePrefix(),
                    s.toozLockIds(),
                    s.poolSize());
        }
        Map<DriverLease, LossReason> losses = new ConcurrentHashMap<>();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        JdbcDriver d = new JdbcDriver(
                new StubDriverContext(
                        "m-" + UUID.randomUUID(),
                        u,
                        new DriverOptions(u.scheme(), u.query()),
                        scheduler,
                        losses::putIfAbsent),
                s);
        Started st = new Started(d, losses, scheduler);
        started.add(st);
        d.start();
        if (server.equals(MYSQL_COUNTERS)) {
            ((MySqlDialect) s.dialect()).useCounterRows();
        }
        return st;
    }

    /** The dialect, but for the uptime its server reports. */
    private static Dialect restarted(Dialect real, String uptimeSeconds) {
        return (Dialect) Proxy.newProxyInstance(
                Dialect.class.getClassLoader(), new Class<?>[] {Dialect.class}, (proxy, method, args) -> {
                    if (method.getName().equals("uptimeQuery")) {
                        return "SELECT " + uptimeSeconds;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void close() {
        for (Started s : started) {
            s.driver().close();
            s.scheduler().shutdownNow();
        }
    }
}
