package io.tooz.driver.memcached;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Memcached, wire-compatible with Python tooz's {@code MemcachedDriver}: Java and Python members share groups,
 * capabilities, locks and leaders on one server. Memcached is a cache: under memory pressure, or on a restart, it may
 * drop any key (a group, a lock, a liveness marker), so use it only where that is acceptable.
 *
 * <p>URL: {@code memcached://[HOST[:PORT]][?OPTIONS]}; the host defaults to {@code localhost}, the port to 11211.
 * Credentials and a path are refused: the text protocol has no authentication, and no databases.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code timeout}</td><td>socket and connect timeout, and the default of the three TTLs below (seconds or
 * with a unit)</td><td>30</td></tr>
 * <tr><td>{@code membership_timeout}</td><td>TTL of the member's liveness key (whole seconds, rounded up)</td>
 * <td>timeout</td></tr>
 * <tr><td>{@code lock_timeout}</td><td>TTL of lock keys, refreshed by heartbeats</td><td>timeout</td></tr>
 * <tr><td>{@code leader_timeout}</td><td>TTL of leader keys, refreshed by heartbeats</td><td>timeout</td></tr>
 * <tr><td>{@code max_pool_size}</td><td>most connections open at once (waiting for a lock holds none)</td>
 * <td>16</td></tr>
 * <tr><td>{@code lock_poll_max}</td><td>tooz-java only: the longest pause between two tries of a waiting lock
 * acquire (memcached has no notifications; pauses double from 10 ms up to this)</td><td>500ms</td></tr>
 * </table>
 *
 * <p>Accepted for compatibility: {@code executor} (ignored). Python tooz's TLS options ({@code use_ssl}, {@code
 * ca_cert}, {@code ssl_key}, {@code ssl_key_password}, {@code ssl_cert}, {@code ssl_ciphers}, {@code
 * ssl_check_hostname}) are read, but {@code use_ssl=true} is refused: TLS is not implemented yet.
 */
public final class MemcachedDriverProvider implements DriverProvider {
    static final int DEFAULT_PORT = 11211;

    @Override
    public Set<String> schemes() {
        return Set.of("memcached");
    }

    @Override
    public String description() {
        return "memcached, wire-compatible with Python tooz (groups, fenced locks, leaders; a cache: keys may be evicted)";
    }

    @Override
    public Driver create(DriverContext context) {
        return new MemcachedDriver(context, settings(context.url(), context.options()), Clock.systemUTC());
    }

    static MemcachedSettings settings(ConnectionUrl url, DriverOptions o) {
        if (url.hosts().size() > 1) {
            throw new ToozConfigurationException(
                    "memcached URL '" + url + "' names several hosts; tooz uses one server: memcached://HOST:PORT");
        }
        if (url.user().isPresent() || url.password().isPresent()) {
            throw new ToozConfigurationException("memcached URL '" + url + "' has credentials (USER:PASSWORD@), but"
                    + " memcached's text protocol, which tooz speaks (as Python tooz does), has no authentication:"
                    + " remove them from the URL, and protect the server by its network (bind it to a private address,"
                    + " firewall its port)");
        }
        if (url.path().length() > 1) {
            throw new ToozConfigurationException("memcached URL '" + url + "' has a path '" + url.path()
                    + "', which memcached has no use for; write memcached://HOST:PORT");
        }
        ConnectionUrl.HostPort hp = url.hosts().isEmpty()
                ? new ConnectionUrl.HostPort("localhost", 0)
                : url.hosts().get(0);
        Duration max = Duration.ofDays(30);
        Duration timeout = o.duration("timeout", Duration.ofSeconds(30), Duration.ofMillis(100), max);
        Duration ttlMin = Duration.ofSeconds(1);
        Duration ttlDefault = timeout.compareTo(ttlMin) < 0 ? ttlMin : timeout;
        MemcachedSettings s = new MemcachedSettings(
                hp.host(),
                hp.portOr(DEFAULT_PORT),
                timeout,
                o.duration("membership_timeout", ttlDefault, ttlMin, max),
                o.duration("lock_timeout", ttlDefault, ttlMin, max),
                o.duration("leader_timeout", ttlDefault, ttlMin, max),
                o.integer("max_pool_size", 16, 1, 10_000),
                o.duration("lock_poll_max", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1)));
        o.string("executor");
        boolean tls = o.bool("use_ssl", false);
        for (String name :
                new String[] {"ca_cert", "ssl_key", "ssl_key_password", "ssl_cert", "ssl_ciphers", "ssl_check_hostname"
                }) {
            o.string(name);
        }
        if (tls) {
            throw new ToozConfigurationException(
                    "option 'use_ssl' of memcached:// is true, but TLS to memcached is not implemented in tooz-java");
        }
        return s;
    }
}
