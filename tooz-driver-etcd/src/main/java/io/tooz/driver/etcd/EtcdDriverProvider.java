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

/**
 * etcd v3, on Python tooz's etcd keyspace ({@code etcd3gw} driver): Java and Python members share groups,
 * capabilities and locks on one cluster. Talks gRPC through jetcd; Python's JSON gateway reaches the same keys.
 *
 * <p>URL: {@code etcd3+http://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...][?OPTIONS]}, or {@code etcd3+https://} for
 * TLS. The port defaults to 2379, the host to {@code localhost}. Several members may be given as hosts or with {@code
 * endpoints}; requests go to any of them and move on when one fails.
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
 * <tr><td>{@code ca_cert}</td><td>PEM file of the CA that signed the servers' certificates (https)</td>
 * <td>the JDK's trust store</td></tr>
 * <tr><td>{@code cert_cert}, {@code cert_key}</td><td>client certificate and its key (PEM, the key in PKCS#8) for
 * servers that check clients</td><td></td></tr>
 * </table>
 *
 * <p>Accepted for compatibility and ignored: {@code api_version} (a JSON gateway path; gRPC has none) and {@code
 * executor}.
 */
public final class EtcdDriverProvider implements DriverProvider {
    static final int DEFAULT_PORT = 2379;

    @Override
    public Set<String> schemes() {
        return Set.of("etcd3+http", "etcd3+https");
    }

    @Override
    public String description() {
        return "etcd v3 on Python tooz's keyspace (groups, native watches, fenced locks, leaders)";
    }

    @Override
    public Driver create(DriverContext context) {
        return new EtcdDriver(context, settings(context.url(), context.options()));
    }

    static EtcdSettings settings(ConnectionUrl url, DriverOptions o) {
        String scheme = url.scheme().endsWith("https") ? "https" : "http";
        List<URI> endpoints = new ArrayList<>();
        for (ConnectionUrl.HostPort hp : url.hosts()) {
            endpoints.add(endpoint(url, scheme, hp.host() + ":" + hp.portOr(DEFAULT_PORT)));
        }
        for (String value : o.list("endpoints")) {
            for (String e : value.split(",")) {
                if (!e.isBlank()) {
                    endpoints.add(endpoint(url, scheme, e.trim()));
                }
            }
        }
        if (endpoints.isEmpty()) {
            endpoints.add(URI.create(scheme + "://localhost:" + DEFAULT_PORT));
        }
        if (url.path().length() > 1) {
            throw new ToozConfigurationException("etcd URL '" + url + "' has a path '" + url.path()
                    + "'; etcd3+http:// URLs name hosts only, e.g. etcd3+http://127.0.0.1:2379");
        }
        Duration max = Duration.ofDays(1);
        Duration timeout = o.duration("timeout", Duration.ofSeconds(30), Duration.ofMillis(100), max);
        Duration membership = o.duration("membership_timeout", timeout, Duration.ofSeconds(1), max);
        Duration lock = o.duration("lock_timeout", timeout, Duration.ofSeconds(1), max);
        o.string("api_version");
        o.string("executor");
        String ca = file(o, "ca_cert");
        String cert = file(o, "cert_cert");
        String key = file(o, "cert_key");
        if ((cert == null) != (key == null)) {
            throw new ToozConfigurationException(
                    "options 'cert_cert' and 'cert_key' of etcd3+https:// go together; give both or neither");
        }
        if (scheme.equals("http") && (ca != null || cert != null)) {
            throw new ToozConfigurationException(
                    "options ca_cert, cert_cert and cert_key of '" + url + "' need TLS; use etcd3+https://");
        }
        String user = url.user().filter(u -> !u.isEmpty()).orElse(null);
        String password = url.password().orElse(null);
        if (password != null && user == null) {
            throw new ToozConfigurationException(
                    "etcd URL '" + url + "' has a password but no user; write etcd3+http://USER:PASSWORD@HOST:PORT");
        }
        return new EtcdSettings(
                List.copyOf(endpoints), user, password, timeout, seconds(membership), seconds(lock), ca, cert, key);
    }

    private static URI endpoint(ConnectionUrl url, String scheme, String text) {
        String t = text;
        String shown = ConnectionUrl.redact(text); // an endpoint may carry USER:PASSWORD@ by mistake
        if (t.startsWith("http://") || t.startsWith("https://")) {
            if (!t.startsWith(scheme + "://")) {
                throw new ToozConfigurationException("endpoint '" + shown + "' of '" + url + "' does not match the"
                        + " URL's scheme; every endpoint of etcd3+" + scheme + ":// is " + scheme);
            }
            t = t.substring(scheme.length() + 3);
        }
        if (t.contains("@")) {
            throw new ToozConfigurationException(
                    "endpoint '" + shown + "' of '" + url + "' has an '@', a user or password;"
                            + " give them once, in the URL: etcd3+" + scheme + "://USER:PASSWORD@HOST:PORT");
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

    private static String file(DriverOptions o, String name) {
        String f = o.string(name, null);
        if (f != null && !Files.isReadable(Path.of(f))) {
            throw new ToozConfigurationException(
                    "option '" + name + "' of etcd3+https:// names '" + f + "', which is not a readable file");
        }
        return f;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
