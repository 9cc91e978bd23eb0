package io.tooz.driver.jdbc;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PostgreSQL and MySQL/MariaDB. Locks are compatible with Python tooz's drivers; groups, capabilities, watchers,
 * leader election and barriers, which Python tooz lacks on these databases, live in tables the driver creates.
 *
 * <p>URLs, as Python tooz: {@code postgresql://[USER[:PASSWORD]@]HOST[:PORT][/DBNAME][?OPTIONS]} (port 5432; the
 * options {@code host}, {@code port} and {@code dbname} override the URL's, a {@code host} starting with {@code /}
 * being the directory of the server's unix socket, as libpq reads it; the database defaults to the user's name) and
 * {@code mysql://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?OPTIONS]} (port 3306; the host may be left out with {@code
 * unix_socket}).
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code timeout}</td><td>how long connecting (login included) and each request may wait for the server
 * before the connection is dropped and the call fails; how long the server keeps the session of a lock holder that
 * went silent (PostgreSQL 14+ {@code idle_session_timeout}, MySQL {@code wait_timeout} in whole seconds), so others get
 * a cut-off holder's locks within it; and the default of {@code membership_timeout}</td><td>30</td></tr>
 * <tr><td>{@code membership_timeout}</td><td>how long a member stays in its groups without heartbeats</td>
 * <td>timeout</td></tr>
 * <tr><td>{@code table_prefix}</td><td>prefix of the driver's tables: lower-case letters, digits, {@code _}</td>
 * <td>{@code tooz_}</td></tr>
 * <tr><td>{@code lock_ids} (PostgreSQL)</td><td>{@code hash64}: one 64-bit advisory lock id from SHA-256 of the name;
 * {@code tooz}: Python tooz's {@code (md5[0], md5[1])} pair, to share locks with Python (65,536 ids only, so
 * unrelated names collide)</td><td>hash64</td></tr>
 * <tr><td>{@code watch_check_interval}</td><td>deprecated alias of the core's {@code watch_interval}: how often
 * watched groups are re-read for changes and expiries (PostgreSQL also gets changes pushed by NOTIFY)</td>
 * <td>1s</td></tr>
 * <tr><td>{@code pool_size}</td><td>idle connections kept; each held lock holds one more</td><td>8</td></tr>
 * <tr><td>{@code host}, {@code port}, {@code dbname} (PostgreSQL)</td><td>as Python tooz: override the URL's; a
 * {@code host} starting with {@code /} is the unix socket's directory</td><td>the URL's</td></tr>
 * <tr><td>{@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey} (PostgreSQL)</td><td>as libpq</td>
 * <td></td></tr>
 * <tr><td>{@code unix_socket} (MySQL)</td><td>the server's unix socket, instead of host and port</td><td>TCP</td>
 * </tr>
 * <tr><td>{@code ssl_ca}, {@code ssl_capath} (MySQL)</td><td>PEM file, directory of PEM files, of the CAs that
 * sign the server's certificate</td><td></td></tr>
 * <tr><td>{@code ssl_verify_mode}, {@code ssl_check_hostname} (MySQL)</td><td>whether the server's certificate, and
 * its name, are checked, as PyMySQL reads them</td><td>with a CA: both</td></tr>
 * <tr><td>{@code ssl_cert}, {@code ssl_key} (MySQL)</td><td>PEM client certificate and key, for users {@code
 * REQUIRE X509}</td><td></td></tr>
 * <tr><td>{@code ssl_cipher} (MySQL)</td><td>cipher names, OpenSSL's or Java's, separated by {@code :}</td>
 * <td>the JVM's</td></tr>
 * </table>
 *
 * <p>MySQL's TLS is on when any {@code ssl_*} option is given, as with PyMySQL.
 */
public final class JdbcDriverProvider implements DriverProvider {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern DATABASE = Pattern.compile("[^/?&;#\\s]{1,64}");

    @Override
    public Set<String> schemes() {
        return Set.of("postgresql", "mysql");
    }

    @Override
    public String description() {
        return "PostgreSQL and MySQL/MariaDB: Python tooz's locks, plus groups, watches, leaders in tables";
    }

    @Override
    public Driver create(DriverContext context) {
        return new JdbcDriver(context, settings(context.url(), context.options()));
    }

    static JdbcSettings settings(ConnectionUrl url, DriverOptions o) {
        boolean pg = url.scheme().equals("postgresql");
        Dialect dialect = pg ? new PostgresDialect() : new MySqlDialect();
        if (url.hosts().size() > 1) {
            throw new ToozConfigurationException(url.scheme() + " URL '" + url + "' names several hosts; give one");
        }
        String host = url.hosts().isEmpty() ? null : url.hosts().get(0).host();
        int port = url.hosts().isEmpty() ? 0 : url.hosts().get(0).port();
        String path = url.path().startsWith("/") ? url.path().substring(1) : url.path();
        String user = url.user().filter(u -> !u.isEmpty()).orElse(null);
        String database = path.isEmpty() ? null : path;
        Map<String, String> props = new LinkedHashMap<>();
        Path unixSocket = null;
        Duration timeout = o.duration("timeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofDays(1));
        if (pg) {
            host = o.string("host").orElse(host);
            if (host != null && host.contains("@")) { // a user or password: not shown
                throw new ToozConfigurationException("option 'host' of postgresql:// has an '@'; give the host only,"
                        + " and the user and password in the URL: postgresql://USER:PASSWORD@HOST[:PORT]/DBNAME");
            }
            port = o.integer("port", port, 1, 65535);
            if (host != null && host.startsWith("/")) { // libpq's (psycopg2's) directory of the server's socket
                unixSocket = Path.of(host, ".s.PGSQL." + (port == 0 ? dialect.defaultPort() : port));
                host = "localhost";
                props.put("socketFactoryArg", unixSocket.toString()); // pgjdbc may connect in a thread of its own
            }
            database = o.string("dbname").orElse(database);
            user = user == null ? System.getProperty("user.name") : user;
            database = database == null ? user : database;
            for (String name : new String[] {"sslmode", "sslrootcert", "sslcert", "sslkey"}) {
                o.string(name).ifPresent(v -> props.put(name, v));
            }
            if (props.containsKey("sslmode")) {
                o.choice(
                        "sslmode",
                        "prefer",
                        Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"));
            }
            // whole seconds here; the pool sets each connection's socket timeout to the millisecond once open
            String seconds = Long.toString(ceilSeconds(timeout));
            for (String name :
                    new String[] {"connectTimeout", "loginTimeout", "socketTimeout", "cancelSignalTimeout"}) {
                props.put(name, seconds);
            }
        } else {
            MySqlTls.configure(o, props);
            unixSocket = o.string("unix_socket")
                    .filter(v -> !v.isEmpty())
                    .map(Path::of)
                    .orElse(null);
            if (unixSocket != null && host == null) {
                host = "localhost"; // PyMySQL ignores the host then; Connector/J wants one (TLS checks it)
            }
            props.put("connectTimeout", Long.toString(timeout.toMillis())); // the handshake too
            props.put("socketTimeout", Long.toString(timeout.toMillis()));
            props.put("allowMultiQueries", "true"); // a queue's enqueue: several statements, one round trip
        }
        props.put("tcpKeepAlive", "true");
        props.put("socketFactory", JdbcSocketFactory.class.getName());
        if (!pg && database == null) {
            throw new ToozConfigurationException(
                    "mysql URL '" + url + "' names no database; use mysql://USER:PASSWORD@HOST[:PORT]/DBNAME");
        }
        if (host == null) {
            throw new ToozConfigurationException(url.scheme() + " URL '" + url + "' names no host; use " + url.scheme()
                    + "://USER:PASSWORD@HOST[:PORT]/DBNAME, or for the server's unix socket "
                    + (pg ? "the option host=/var/run/postgresql (its directory)" : "the option unix_socket=PATH"));
        }
        if (!DATABASE.matcher(database).matches()) {
            throw new ToozConfigurationException(url.scheme() + " URL '" + url + "' has a bad database name '"
                    + database + "'; use 1 to 64 characters without / ? & ; # or spaces");
        }
        String prefix = o.string("table_prefix", "tooz_");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new ToozConfigurationException("option 'table_prefix' of " + url.scheme() + ":// has bad value '"
                    + prefix + "'; expected a lower-case letter, then up to 39 lower-case letters, digits or _");
        }
        boolean toozIds =
                pg && o.choice("lock_ids", "hash64", Set.of("hash64", "tooz")).equals("tooz");
        return new JdbcSettings(
                dialect,
                host,
                port == 0 ? dialect.defaultPort() : port,
                database,
                user,
                url.password().orElse(null),
                Map.copyOf(props),
                timeout,
                o.duration("membership_timeout", timeout, Duration.ofMillis(500), Duration.ofDays(1)),
                prefix,
                toozIds,
                o.integer("pool_size", 8, 0, 1000),
                unixSocket);
    }

    static long ceilSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
