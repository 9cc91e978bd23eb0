package io.tooz.driver.memcached;

import io.tooz.ToozConfigurationException;
import io.tooz.internal.tls.OpenSslCiphers;
import io.tooz.internal.tls.TlsFiles;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <tr><td>{@code use_ssl}</td><td>TLS to the server (memcached 1.6 started with {@code -Z}); the options below are
 * read only with it, as in Python tooz (given without it, they are ignored with a warning)</td><td>false</td></tr>
 * <tr><td>{@code ca_cert}</td><td>PEM file of the CAs the server's certificate must chain to; the server is always
 * verified, against the JVM's CAs when this is not given</td><td>the JVM's CAs</td></tr>
 * <tr><td>{@code ssl_check_hostname}</td><td>also check that the server's certificate names the URL's host</td>
 * <td>false</td></tr>
 * <tr><td>{@code ssl_cert}</td><td>PEM file of the client certificate (chain), for a server that verifies clients
 * ({@code -o ssl_verify_mode=2}); its key may follow it in the same file</td><td>none</td></tr>
 * <tr><td>{@code ssl_key}</td><td>PEM file of the client certificate's key (PKCS#8, PKCS#1 RSA or SEC1 EC)</td>
 * <td>in ssl_cert</td></tr>
 * <tr><td>{@code ssl_key_password}</td><td>password of an encrypted key</td><td>none</td></tr>
 * <tr><td>{@code ssl_ciphers}</td><td>cipher names separated by {@code :}, OpenSSL's ({@code
 * ECDHE-ECDSA-AES256-GCM-SHA384}) or Java's; as with OpenSSL, TLS 1.3's suites stay on when OpenSSL names are given.
 * OpenSSL's rule words ({@code HIGH}, {@code !aNULL}) fail, naming the word</td><td>the JVM's</td></tr>
 * </table>
 *
 * <p>Accepted for compatibility and ignored, with one INFO line: {@code executor} (Python's thread pool for
 * asynchronous calls). Python tooz 3.1.0 has no TLS options; master's require {@code ssl_cert} with {@code use_ssl},
 * tooz-java does not.
 */
public final class MemcachedDriverProvider implements DriverProvider {
    static final int DEFAULT_PORT = 11211;
    private static final Logger LOG = LoggerFactory.getLogger(MemcachedDriverProvider.class);
    private static final List<String> TLS_OPTIONS =
            List.of("ca_cert", "ssl_cert", "ssl_key", "ssl_key_password", "ssl_ciphers", "ssl_check_hostname");

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
        o.ignore("executor"); // Python's CoordinationDriverWithExecutor
        return new MemcachedSettings(
                hp.host(),
                hp.portOr(DEFAULT_PORT),
                timeout,
                o.duration("membership_timeout", ttlDefault, ttlMin, max),
                o.duration("lock_timeout", ttlDefault, ttlMin, max),
                o.duration("leader_timeout", ttlDefault, ttlMin, max),
                o.integer("max_pool_size", 16, 1, 10_000),
                o.duration("lock_poll_max", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1)),
                tls(o));
    }

    /** Python tooz's TLS options (master): read only with use_ssl=true, as there. */
    private static MemcachedTls tls(DriverOptions o) {
        boolean on = o.bool("use_ssl", false);
        Optional<String> ca = o.string("ca_cert");
        Optional<String> cert = o.string("ssl_cert");
        Optional<String> key = o.string("ssl_key");
        Optional<String> password = o.string("ssl_key_password");
        Optional<String> ciphers = o.string("ssl_ciphers");
        boolean checkHostname = o.bool("ssl_check_hostname", false);
        if (!on) {
            List<String> given = new ArrayList<>();
            for (String name : TLS_OPTIONS) {
                if (o.string(name).isPresent()) {
                    given.add(name);
                }
            }
            if (!given.isEmpty()) {
                LOG.warn(
                        "{} of memcached:// given without use_ssl=true: ignored, the connection is plain TCP"
                                + " (as in Python tooz)",
                        String.join(", ", given));
            }
            return null;
        }
        if (key.isPresent() && cert.isEmpty()) {
            throw new ToozConfigurationException("option 'ssl_key' of memcached:// is given without 'ssl_cert': give"
                    + " the client certificate too (or leave the key out)");
        }
        TlsFiles files = new TlsFiles("memcached");
        X509TrustManager trust = TlsFiles.trustManager(
                ca.map(f -> files.certificates(Path.of(f), "ca_cert")).orElse(List.of()));
        X509KeyManager keys = cert.map(c -> files.keyManager(
                        Path.of(c),
                        "ssl_cert",
                        key.map(Path::of).orElse(null),
                        "ssl_key",
                        password.map(String::toCharArray).orElse(null),
                        "ssl_key_password"))
                .orElse(null);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : new KeyManager[] {keys}, new TrustManager[] {trust}, null);
            return new MemcachedTls(
                    context,
                    checkHostname,
                    ciphers.map(c -> OpenSslCiphers.suites(c, "ssl_ciphers", "memcached"))
                            .orElse(null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no TLS: " + e, e);
        }
    }
}
