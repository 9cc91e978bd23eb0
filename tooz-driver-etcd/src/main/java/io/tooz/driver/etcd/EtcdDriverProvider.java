package io.tooz.driver.etcd;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd v3, on the keyspaces of Python tooz's etcd drivers: Java and Python members share groups, capabilities and locks
 * on one cluster. Talks gRPC through jetcd, whatever the scheme.
 *
 * <table>
 * <caption>Schemes</caption>
 * <tr><th>URL</th><th>TLS</th><th>shared with Python tooz</th></tr>
 * <tr><td>{@code etcd3+http://}, {@code etcd3+https://}</td><td>by scheme</td><td>the {@code etcd3gw} driver of
 * the same schemes (every version; the only etcd driver of tooz 9.0 and later): groups, capabilities, locks at {@code
 * /tooz/locks<N>}</td></tr>
 * <tr><td>{@code etcd3://}</td><td>when {@code ca_cert} is given, as python-etcd3</td><td>the {@code etcd3} driver
 * (tooz up to 4.x, Debian's 3.1.0): groups, capabilities, locks at python-etcd3's {@code /locks/<N>}</td></tr>
 * <tr><td>{@code etcd://}</td><td>{@code protocol=https}</td><td>served as {@code etcd3+http(s)://}; nothing is
 * shared with Python's {@code etcd://} driver, which locks through etcd's v2 API (logged once per JVM)</td></tr>
 * </table>
 *
 * <p>URL: {@code SCHEME://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...][?OPTIONS]}. The port defaults to 2379, the
 * host to {@code localhost}. Several members may be given as hosts or with {@code endpoints}; requests go to any of
 * them and move on when one fails. Leaders are tooz-java's alone on every scheme ({@code /tooz/leaders/<G>}): no Python
 * etcd driver elects leaders.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code timeout}</td><td>how long one request may take, and the default of the next two (seconds or with a
 * unit)</td><td>30</td></tr>
 * <tr><td>{@code membership_timeout}</td><td>TTL of the member's lease (whole seconds; etcd raises TTLs under about 2 s
 * to its minimum)</td><td>timeout</td></tr>
 * <tr><td>{@code lock_timeout}</td><td>TTL of the lease that holds this member's locks</td><td>timeout</td></tr>
 * <tr><td>{@code endpoints}</td><td>more members, comma-separated {@code HOST:PORT} or {@code http(s)://HOST:PORT}
 * </td><td></td></tr>
 * <tr><td>{@code ca_cert}</td><td>PEM file of the CA that signed the servers' certificates; on {@code etcd3://} it
 * turns TLS on</td><td>the JDK's trust store</td></tr>
 * <tr><td>{@code cert_cert}, {@code cert_key}</td><td>client certificate and its key (PEM, the key unencrypted
 * PKCS#8, PKCS#1 or SEC1) for servers that check clients</td><td></td></tr>
 * <tr><td>{@code protocol}</td><td>{@code etcd://} only: {@code http} or {@code https}</td><td>http</td></tr>
 * </table>
 *
 * <p>Accepted for URLs written for Python and ignored (logged once at INFO): {@code api_version} (a JSON gateway path;
 * gRPC has none) on {@code etcd3+http(s)://}, {@code executor} on {@code etcd3+http(s)://} and {@code etcd3://}.
 */
public final class EtcdDriverProvider implements DriverProvider {
    static final int DEFAULT_PORT = 2379;
    private static final Logger LOG = LoggerFactory.getLogger(EtcdDriverProvider.class);
    /** Whether this JVM said that {@code etcd://} locks are not Python's {@code etcd://} locks. */
    static final AtomicBoolean V2_NOTICE_GIVEN = new AtomicBoolean();

    static final String V2_NOTICE = "etcd:// is served by etcd's v3 API on the keys of Python tooz's etcd3+http(s)://"
            + " driver: its locks are NOT shared with Python tooz's etcd:// driver, which locks through etcd's v2 API"
            + " (gone from etcd 3.6, the driver from tooz 9.0); Python members must use etcd3+http(s):// to exclude Java"
            + " members (logged once per JVM)";

    @Override
    public Set<String> schemes() {
        return Set.of("etcd3+http", "etcd3+https", "etcd3", "etcd");
    }

    @Override
    public String description() {
        return "etcd v3 on Python tooz's keyspace (groups, native watches, fenced locks, leaders)";
    }

    @Override
    public Driver create(DriverContext context) {
        EtcdSettings settings = settings(context.url(), context.options());
        if (settings.scheme() == EtcdScheme.V2 && V2_NOTICE_GIVEN.compareAndSet(false, true)) {
            LOG.warn(V2_NOTICE);
        }
        return new EtcdDriver(context, settings);
    }

    static EtcdSettings settings(ConnectionUrl url, DriverOptions o) {
        EtcdScheme kind = EtcdScheme.of(url.scheme());
        String scheme = kind.tls(o) ? "https" : "http";
        List<URI> endpoints = new ArrayList<>();
        for (ConnectionUrl.HostPort hp : url.hosts()) {
            endpoints.add(endpoint(url, kind, scheme, hp.host() + ":" + hp.portOr(DEFAULT_PORT)));
        }
        for (String value : o.list("endpoints")) {
            for (String e : value.split(",")) {
                if (!e.isBlank()) {
                    endpoints.add(endpoint(url, kind, scheme, e.trim()));
                }
            }
        }
        if (endpoints.isEmpty()) {
            endpoints.add(URI.create(scheme + "://localhost:" + DEFAULT_PORT));
        }
        if (url.path().length() > 1) {
            throw new ToozConfigurationException("etcd URL '" + url + "' has a path '" + url.path() + "'; "
                    + kind.scheme + ":// URLs name hosts only, e.g. " + kind.scheme + "://127.0.0.1:2379");
        }
        Duration max = Duration.ofDays(1);
        Duration timeout = o.duration("timeout", Duration.ofSeconds(30), Duration.ofMillis(100), max);
        Duration membership = o.duration("membership_timeout", timeout, Duration.ofSeconds(1), max);
        Duration lock = o.duration("lock_timeout", timeout, Duration.ofSeconds(1), max);
        String ca = file(o, kind, "ca_cert");
        String cert = file(o, kind, "cert_cert");
        String key = file(o, kind, "cert_key");
        kind.checkTlsFiles(scheme.equals("https"), ca, cert, key);
        String user = url.user().filter(u -> !u.isEmpty()).orElse(null);
        String password = url.password().orElse(null);
        if (password != null && user == null) {
            throw new ToozConfigurationException("etcd URL '" + url + "' has a password but no user; write "
                    + kind.scheme + "://USER:PASSWORD@HOST:PORT");
        }
        return new EtcdSettings(
                kind,
                List.copyOf(endpoints),
                user,
                password,
                timeout,
                seconds(membership),
                seconds(lock),
                ca,
                cert,
                key);
    }

    private static URI endpoint(ConnectionUrl url, EtcdScheme kind, String scheme, String text) {
        String t = text;
        String shown = ConnectionUrl.redact(text); // an endpoint may carry USER:PASSWORD@ by mistake
        if (t.startsWith("http://") || t.startsWith("https://")) {
            if (!t.startsWith(scheme + "://")) {
                throw new ToozConfigurationException("endpoint '" + shown + "' of '" + url + "' does not match the"
                        + " URL's scheme; every endpoint of "
                        + (kind.tlsByScheme() ? kind.scheme + "://" : "this " + kind.scheme + ":// URL") + " is "
                        + scheme);
            }
            t = t.substring(scheme.length() + 3);
        }
        if (t.contains("@")) {
            throw new ToozConfigurationException(
                    "endpoint '" + shown + "' of '" + url + "' has an '@', a user or password;"
                            + " give them once, in the URL: " + kind.scheme + "://USER:PASSWORD@HOST:PORT");
        }
        try {
            URI u = new URI(scheme + "://" + t);
            if (u.getHost() == null || (u.getPath() != null && !u.getPath().isEmpty())) {
                throw new IllegalArgumentException("not HOST:PORT");
            }
            return u.getPort() < 0 ? new URI(scheme + "://" + t + ":" + DEFAULT_PORT) : u;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new ToozConfigurationException(
                    "endpoint '" + shown + "' of '" + url + "' is not HOST[:PORT]; e.g. 127.0.0.1:2379");
        }
    }

    private static String file(DriverOptions o, EtcdScheme kind, String name) {
        String f = o.string(name, null);
        if (f != null && !Files.isReadable(Path.of(f))) {
            throw new ToozConfigurationException(
                    "option '" + name + "' of " + kind.scheme + ":// names '" + f + "', which is not a readable file");
        }
        return f;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
