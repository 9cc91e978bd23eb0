package io.tooz.driver.zookeeper;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ZooKeeper, wire-compatible with Python tooz's {@code KazooDriver}: Java and Python members share groups, locks and
 * leaders on one ensemble.
 *
 * <p>URL: {@code zookeeper://[USER:PASSWORD@][HOST[:PORT][,HOST[:PORT]...]][?OPTIONS]} (also {@code kazoo://}). Hosts
 * default to {@code localhost:2181}; more can be given with repeated {@code hosts=h:p} options, as in Python tooz.
 * A user and password authenticate with ZooKeeper's {@code digest} scheme and every created znode gets the digest ACL
 * Python tooz gives it.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code timeout}</td><td>session timeout, connect timeout and the longest any call may take (seconds, or
 * with a unit); a call also gives up once the connection has been down for two thirds of it</td><td>10</td></tr>
 * <tr><td>{@code namespace}</td><td>root znode</td><td>{@code tooz}</td></tr>
 * <tr><td>{@code hosts}</td><td>more {@code host:port}s, repeatable</td><td></td></tr>
 * <tr><td>{@code use_ssl}</td><td>TLS to the servers</td><td>false</td></tr>
 * <tr><td>{@code verify_certs}</td><td>verify the server certificate and host name</td><td>true</td></tr>
 * <tr><td>{@code ca}, {@code certfile}, {@code keyfile}, {@code keyfile_password}</td><td>PEM files for TLS</td>
 * <td></td></tr>
 * <tr><td>{@code randomize_hosts}</td><td>accepted for compatibility; ZooKeeper's client always shuffles</td>
 * <td>true</td></tr>
 * </table>
 *
 * <p>Differences from Python tooz, on the same data: the {@code leader} child of a group is not listed as a member and
 * the {@code locks} and {@code claims} (periodic-task claims, Java only) nodes are not listed as groups (Python lists
 * them); group ids {@code locks} and {@code claims} and member id {@code leader} are therefore refused. Fencing tokens
 * are the contender znode's creation zxid.
 *
 * <p>Leases: the lease TTL is the session timeout the server granted; a holder cut off from the server is told its lock
 * or leadership is lost before the server could expire the session and let another contender in (docs/zookeeper.md).
 * {@code start()} fails at once when every host refuses the connection.
 */
public final class ZooKeeperDriverProvider implements DriverProvider {
    static final int DEFAULT_PORT = 2181;

    @Override
    public Set<String> schemes() {
        return Set.of("zookeeper", "kazoo");
    }

    @Override
    public String description() {
        return "Apache ZooKeeper, wire-compatible with Python tooz (groups, native watches, locks, leaders,"
                + " periodic-task claims)";
    }

    @Override
    public Driver create(DriverContext context) {
        DriverOptions o = context.options();
        ConnectionUrl url = context.url();
        List<String> hosts = new ArrayList<>();
        url.hosts()
                .forEach(h -> hosts.add(
                        h.host().contains(":")
                                ? "[" + h.host() + "]:" + h.portOr(DEFAULT_PORT)
                                : h.host() + ":" + h.portOr(DEFAULT_PORT)));
        hosts.addAll(optionHosts(o));
        if (hosts.isEmpty()) {
            hosts.add("localhost:" + DEFAULT_PORT);
        }
        String namespace = o.string("namespace", "tooz");
        if (namespace.isEmpty() || namespace.contains("/")) {
            throw new ToozConfigurationException("option 'namespace' of zookeeper:// has bad value '" + namespace
                    + "'; expected a name without '/'");
        }
        ZkSettings settings = new ZkSettings(
                String.join(",", hosts),
                namespace,
                o.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1)),
                url.user().orElse(null),
                url.password().orElse(null),
                ZkTls.from(o));
        o.bool("randomize_hosts", true);
        o.choice("handler", "threading", Set.of("threading"));
        return new ZooKeeperDriver(context, settings);
    }

    /** The {@code hosts} option's values; one with an {@code @} holds a user or password, which is not shown. */
    private static List<String> optionHosts(DriverOptions o) {
        List<String> hosts = o.list("hosts");
        if (hosts.stream().anyMatch(h -> h.contains("@"))) {
            throw new ToozConfigurationException("option 'hosts' of zookeeper:// has a value with an '@', a user or"
                    + " password (not shown); give HOST:PORT[,HOST:PORT...] there, and the user and password once, in"
                    + " the URL: zookeeper://USER:PASSWORD@HOST:PORT");
        }
        return hosts;
    }
}
