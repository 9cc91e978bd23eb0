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
 * <p>URL: {@code zookeeper://[USER:PASSWORD@][HOST[:PORT][,HOST[:PORT]...]][/CHROOT][?OPTIONS]} (also {@code
 * kazoo://}). Hosts default to {@code localhost:2181}; more can be given with repeated {@code hosts=h:p} options, as in
 * Python tooz. A path is a chroot, as in a ZooKeeper connect string: everything lives under {@code /CHROOT/<namespace>}
 * (created if missing). Python tooz ignores the URL's path; it takes a chroot after the last {@code hosts} option
 * ({@code hosts=h:2181/CHROOT}), which this driver reads too.
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
 * <tr><td>{@code randomize_hosts}</td><td>try the servers in random order (as kazoo); {@code false}: in the order
 * given, the URL's first</td><td>true</td></tr>
 * <tr><td>{@code use_ssl}</td><td>TLS to the servers</td><td>false</td></tr>
 * <tr><td>{@code ca}</td><td>PEM file of the CA that signed the servers' certificates (else the JVM's trust
 * store)</td><td></td></tr>
 * <tr><td>{@code certfile}, {@code keyfile}</td><td>the client certificate and its key, PEM (the key PKCS#8, PKCS#1
 * or SEC1, encrypted or not); both or neither, as kazoo sends one only with both; they may name one file holding
 * both</td><td></td></tr>
 * <tr><td>{@code keyfile_password}</td><td>the password of an encrypted key</td><td></td></tr>
 * <tr><td>{@code verify_certs}</td><td>verify the server certificate and that it names the host (kazoo checks no
 * host name); {@code false} trusts any server, as kazoo does, with a WARN</td><td>true</td></tr>
 * </table>
 *
 * <p>Read by Python tooz but meaningless here, accepted and logged once at INFO: {@code handler} ({@code threading},
 * {@code eventlet} or {@code gevent}: kazoo's event loop), {@code connection_retry} and {@code command_retry} (kazoo's
 * retry policies: calls here retry within the {@code timeout}).
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
    /** ZooKeeper's default {@code jute.maxbuffer}, client and server: 1 MiB - 1. */
    static final int DEFAULT_JUTE_MAXBUFFER = 0xfffff;

    private static final java.util.regex.Pattern CHROOT_PART = java.util.regex.Pattern.compile("[\\x21-\\x7e]+");

    @Override
    public Set<String> schemes() {
        return Set.of("zookeeper", "kazoo");
    }

    @Override
    public String description() {
        return "Apache ZooKeeper, wire-compatible with Python tooz (groups, native watches, locks, leaders,"
                + " periodic-task claims)";
    }

    /**
     * The chroot: the URL's path, or a ZooKeeper connect string's {@code /path} after the last {@code hosts} option
     * (how Python tooz passes one to kazoo); both must agree. Empty for none.
     */
    private static String chroot(ConnectionUrl url, List<String> hosts) {
        String fromUrl = url.path().equals("/") ? "" : url.path();
        String fromHosts = "";
        for (int i = 0; i < hosts.size(); i++) {
            int slash = hosts.get(i).indexOf('/');
            if (slash >= 0 && i < hosts.size() - 1) {
                throw new ToozConfigurationException("option 'hosts' of zookeeper:// has a chroot in '" + hosts.get(i)
                        + "', which is not the last host; give the chroot once, as the URL's path (zookeeper://"
                        + "HOST:PORT/chroot)");
            }
            fromHosts = slash >= 0 ? hosts.get(i).substring(slash) : fromHosts;
        }
        if (!fromUrl.isEmpty() && !fromHosts.isEmpty() && !fromUrl.equals(fromHosts)) {
            throw new ToozConfigurationException("zookeeper URL '" + url + "' names chroot " + fromUrl + " in its path"
                    + " and " + fromHosts + " in option 'hosts'; give it once");
        }
        String chroot = fromUrl.isEmpty() ? fromHosts : fromUrl;
        if (chroot.endsWith("/") && chroot.length() > 1) {
            chroot = chroot.substring(0, chroot.length() - 1);
        }
        if (chroot.equals("/")) {
            return "";
        }
        for (String part :
                chroot.isEmpty() ? new String[0] : chroot.substring(1).split("/", -1)) {
            if (part.isEmpty()
                    || part.equals(".")
                    || part.equals("..")
                    || !CHROOT_PART.matcher(part).matches()) {
                throw new ToozConfigurationException("zookeeper URL '" + url + "' has a bad chroot '" + chroot
                        + "'; expected a znode path like /apps/tooz (printable ASCII, no empty, '.' or '..' parts)");
            }
        }
        return chroot;
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
        List<String> more = optionHosts(o);
        String chroot = chroot(url, more);
        more.forEach(h -> hosts.add(h.indexOf('/') >= 0 ? h.substring(0, h.indexOf('/')) : h));
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
                chroot,
                namespace,
                o.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1)),
                url.user().orElse(null),
                url.password().orElse(null),
                ZkTls.from(o),
                o.bool("randomize_hosts", true),
                Integer.getInteger("jute.maxbuffer", DEFAULT_JUTE_MAXBUFFER));
        // kazoo's event loop and retry policies: the JVM client has its own threads and ZkRetry's deadlines
        o.choice("handler", "threading", Set.of("threading", "eventlet", "gevent"));
        o.ignore("handler", "connection_retry", "command_retry");
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
