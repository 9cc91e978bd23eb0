package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import java.time.Duration;
import java.util.Set;

/**
 * Redis, wire-compatible with Python tooz's {@code RedisDriver}: Java and Python members share groups, capabilities
 * and locks on one server.
 *
 * <p>URL: {@code redis://[USER:PASSWORD@]HOST[:PORT][/DB][?OPTIONS]}, {@code rediss://} for TLS, or {@code
 * redis://[USER:PASSWORD@]/path/to/redis.sock} for a Unix socket (as redis-py). The port defaults to 6379. A path
 * after the host can only be a database number, the same as option {@code db} (Python tooz ignores the path: for a
 * database shared with it, use {@code db}).
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code timeout}</td><td>default of the three next (seconds or with a unit), as in Python tooz</td>
 * <td>30</td></tr>
 * <tr><td>{@code socket_timeout}</td><td>how long a command may wait for its answer (redis-py's): a call ends within
 * it</td><td>timeout</td></tr>
 * <tr><td>{@code membership_timeout}</td><td>TTL of the member's liveness key</td><td>timeout</td></tr>
 * <tr><td>{@code lock_timeout}</td><td>TTL of lock keys, refreshed by heartbeats</td><td>timeout</td></tr>
 * <tr><td>{@code namespace}</td><td>key prefix</td><td>{@code _tooz}</td></tr>
 * <tr><td>{@code db}</td><td>database number</td><td>0</td></tr>
 * <tr><td>{@code lock_key_format}</td><td>{@code modern} (Python tooz 9.0+: {@code _tooz_<name>_lock}) or {@code
 * legacy} (Python tooz 8.1 and earlier, e.g. Debian's 3.1.0: {@code b'_tooz'_b'<name>'_lock})</td>
 * <td>modern</td></tr>
 * <tr><td>{@code watch_check_interval}</td><td>deprecated alias of the core's {@code watch_interval}: how often
 * watched groups are re-read, to notice expiries and changes made by Python tooz, which publishes nothing</td>
 * <td>1s</td></tr>
 * <tr><td>{@code pool_size}</td><td>connections for commands (waiting for a lock holds none)</td><td>16</td></tr>
 * <tr><td>{@code socket_connect_timeout}</td><td>connect timeout</td><td>socket_timeout</td></tr>
 * <tr><td>{@code socket_keepalive}</td><td>TCP keepalive on the connections (redis-py's default is off)</td>
 * <td>true</td></tr>
 * <tr><td>{@code encoding}</td><td>{@code utf8} only: keys and member ids are UTF-8</td><td>utf8</td></tr>
 * <tr><td>{@code ssl}, {@code ssl_ca_certs}, {@code ssl_certfile}, {@code ssl_keyfile}</td><td>TLS ({@code
 * rediss://} implies {@code ssl=true}); PEM files, the key unencrypted (PKCS#8, PKCS#1 or SEC1); as in redis-py,
 * {@code ssl_certfile} alone may hold the key and the certificate</td><td></td></tr>
 * <tr><td>{@code ssl_check_hostname}</td><td>verify that the server certificate names the host (redis-py's default is
 * false; tooz-java checks)</td><td>true</td></tr>
 * </table>
 *
 * <p>Sentinel, as Python tooz: {@code redis://SENTINEL_HOST:PORT?sentinel=MASTER_NAME}, more sentinels with repeated
 * {@code sentinel_fallback=HOST:PORT}, their credentials in {@code sentinel_username} and {@code sentinel_password}
 * (the URL's are the master's), {@code sentinel_ssl} for TLS to them (with the {@code ssl_*} files). The driver
 * follows the master through failovers.
 *
 * <p>Read by Python tooz but meaningless here, accepted and logged once at INFO: {@code retry_on_timeout} (a call
 * that timed out is not repeated), {@code health_check_interval} (broken pooled connections are replaced when
 * used), {@code executor}.
 */
public final class RedisDriverProvider implements DriverProvider {
    static final int DEFAULT_PORT = 6379;
    private static final int MAX_DB = 1 << 16;
    private static final java.util.regex.Pattern DB_PATH = java.util.regex.Pattern.compile("/[0-9]{1,6}");

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public String description() {
        return "Redis, wire-compatible with Python tooz (groups, pushed watches, fenced locks, leaders)";
    }

    @Override
    public Driver create(DriverContext context) {
        return new RedisDriver(context, settings(context.url(), context.options()));
    }

    /**
     * The database: option {@code db}, or the URL's path {@code /N} after a host (as redis-py's {@code from_url}; Python
     * tooz ignores the path). Any other path is refused, and so is a path that disagrees with {@code db}.
     */
    private static int database(ConnectionUrl url, DriverOptions o) {
        int db = o.integer("db", 0, 0, MAX_DB);
        String path = url.hosts().isEmpty() ? "" : url.path();
        if (path.length() <= 1) {
            return db;
        }
        if (!DB_PATH.matcher(path).matches()) {
            throw new ToozConfigurationException("redis URL '" + url + "' has a path '" + path + "', but a path after"
                    + " HOST:PORT can only be a database number (redis://HOST:PORT/2, or option db=2); for a Unix"
                    + " socket write redis:///path/to/redis.sock without a host");
        }
        int fromPath = Integer.parseInt(path.substring(1));
        if (fromPath > MAX_DB || (o.string("db").isPresent() && fromPath != db)) {
            throw new ToozConfigurationException("redis URL '" + url + "' names database " + path.substring(1)
                    + (fromPath > MAX_DB ? ", above " + MAX_DB : " in its path and " + db + " in option db")
                    + "; give the database once, as /N or as db=N");
        }
        return fromPath;
    }

    static RedisSettings settings(ConnectionUrl url, DriverOptions o) {
        String socketPath = null;
        if (url.hosts().isEmpty()) {
            if (url.path().length() <= 1) {
                throw new ToozConfigurationException("redis URL '" + url + "' names neither a host nor a Unix socket;"
                        + " use redis://HOST:PORT or redis:///path/to/redis.sock");
            }
            socketPath = url.path();
        }
        RedisSentinel sentinel = RedisSentinel.from(url, o);
        if (url.hosts().size() > 1 && sentinel == null) {
            throw new ToozConfigurationException("redis URL '" + url + "' names several hosts; give one HOST:PORT, or"
                    + " sentinels with sentinel=MASTER_NAME");
        }
        if (sentinel != null && socketPath != null) {
            throw new ToozConfigurationException(
                    "redis URL '" + url + "' with sentinel= needs a sentinel HOST:PORT, not a Unix socket");
        }
        ConnectionUrl.HostPort hp =
                socketPath == null ? url.hosts().get(0) : new ConnectionUrl.HostPort("localhost", 0);
        Duration min = Duration.ofMillis(100);
        Duration max = Duration.ofDays(1);
        Duration timeout = o.duration("timeout", Duration.ofSeconds(30), min, max);
        String namespace = o.string("namespace", "_tooz");
        if (namespace.isEmpty()) {
            throw new ToozConfigurationException("option 'namespace' of redis:// is empty; omit it for _tooz");
        }
        o.choice("encoding", "utf8", Set.of("utf8", "utf-8", "utf_8", "u8"));
        o.ignore("retry_on_timeout", "health_check_interval", "executor");
        Duration socketTimeout = o.duration("socket_timeout", timeout, min, max);
        RedisTls tls = RedisTls.from(url.scheme().equals("rediss"), sentinel != null && sentinel.tls(), o);
        if (socketPath != null && tls.enabled()) {
            throw new ToozConfigurationException(
                    "redis URL '" + url + "' asks for TLS over a Unix socket; use redis:///path without ssl options");
        }
        return new RedisSettings(
                socketPath,
                hp.host(),
                hp.portOr(DEFAULT_PORT),
                database(url, o),
                url.user().filter(u -> !u.isEmpty()).orElse(null),
                url.password().orElse(null),
                socketTimeout,
                o.duration("socket_connect_timeout", socketTimeout, min, max),
                o.bool("socket_keepalive", true),
                o.duration("membership_timeout", timeout, Duration.ofMillis(500), max),
                o.duration("lock_timeout", timeout, Duration.ofMillis(500), max),
                namespace,
                o.choice("lock_key_format", "modern", Set.of("modern", "legacy"))
                        .equals("legacy"),
                o.integer("pool_size", 16, 1, 10_000),
                tls,
                sentinel);
    }
}
