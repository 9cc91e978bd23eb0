package io.tooz.bench;

import io.tooz.ToozConnectionException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The database {@link JdbcBench} measures and its bare connection to it: the {@link Target} a URL names (read as
 * tooz's driver reads it), the connection with the JDBC driver tooz's driver uses, and the server version.
 */
final class JdbcBenchTarget {
    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final List<String> PG_TLS = List.of("sslmode", "sslrootcert", "sslcert", "sslkey");
    /** The driver's default {@code watch_check_interval}. */
    private static final Duration DEFAULT_WATCH_CHECK = Duration.ofSeconds(1);

    private JdbcBenchTarget() {}

    /**
     * The server a {@code postgresql://} or {@code mysql://} URL names.
     *
     * @param url the URL the coordinators use
     * @param properties the JDBC connection properties, with the user and password
     * @param tablePrefix the prefix of tooz's tables ({@code table_prefix})
     * @param watchCheckInterval how often a watcher polls ({@code watch_check_interval})
     */
    record Target(
            String url,
            boolean postgres,
            String host,
            int port,
            String database,
            Properties properties,
            String tablePrefix,
            Duration watchCheckInterval) {

        static Target of(String url) {
            ConnectionUrl u = ConnectionUrl.parse(url);
            boolean pg = u.scheme().equals("postgresql");
            BenchUrls.require(pg || u.scheme().equals("mysql"), "JdbcBench", "a postgresql:// or mysql:// URL", url);
            BenchUrls.require(u.hosts().size() == 1, "JdbcBench", "one HOST[:PORT] in the URL", url);
            Map<String, List<String>> q = u.query();
            String host = u.hosts().get(0).host();
            int port = u.hosts().get(0).portOr(pg ? 5432 : 3306);
            String path = u.path().startsWith("/") ? u.path().substring(1) : u.path();
            String database = path.isEmpty() ? null : path;
            String user = u.user().filter(s -> !s.isEmpty()).orElse(null);
            Properties props = new Properties();
            if (pg) { // as the driver: the options host, port and dbname win; the database defaults to the user
                host = last(q, "host", host);
                port = Integer.parseInt(last(q, "port", Integer.toString(port)));
                database = last(q, "dbname", database);
                user = user == null ? System.getProperty("user.name") : user;
                database = database == null ? user : database;
                PG_TLS.stream().filter(q::containsKey).forEach(k -> props.setProperty(k, last(q, k, null)));
                props.setProperty("ApplicationName", "tooz-bench-raw");
                props.setProperty("connectTimeout", "10");
            } else {
                if (database == null) {
                    throw new IllegalArgumentException("mysql URL " + ConnectionUrl.redact(url)
                            + " names no database; use mysql://USER:PASSWORD@HOST[:PORT]/DBNAME");
                }
                if (q.keySet().stream().anyMatch(k -> k.startsWith("ssl"))) {
                    throw new IllegalArgumentException("the benchmark's raw connection does not do TLS for mysql://"
                            + " here; benchmark a plain (loopback) server");
                }
                props.setProperty("connectionAttributes", "program_name:tooz-bench-raw");
                props.setProperty("connectTimeout", "10000");
            }
            if (user != null) {
                props.setProperty("user", user);
            }
            u.password().ifPresent(p -> props.setProperty("password", p));
            String prefix = last(q, "table_prefix", "tooz_");
            if (!TABLE_PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("table_prefix '" + prefix + "' is not a lower-case letter followed"
                        + " by up to 39 lower-case letters, digits or _");
            }
            String check = last(q, "watch_interval", last(q, "watch_check_interval", null)); // the core wins
            Duration interval = check == null
                    ? DEFAULT_WATCH_CHECK
                    : DriverOptions.parseDuration(check)
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "watch_check_interval '" + check + "' is not a duration"));
            return new Target(url, pg, host, port, database, props, prefix, interval);
        }

        private static String last(Map<String, List<String>> q, String key, String otherwise) {
            List<String> values = q.get(key);
            return values == null ? otherwise : values.get(values.size() - 1);
        }

        /** {@code PostgreSQL} or {@code MySQL}. */
        String product() {
            return postgres ? "PostgreSQL" : "MySQL";
        }

        /** {@code host:port/database}, for messages. */
        String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
        }

        /** The JDBC URL tooz's driver connects to, without credentials. */
        String jdbcUrl() {
            return (postgres ? "jdbc:postgresql://" : "jdbc:mariadb://") + address();
        }

        /** Whether the server pushes group changes to watchers (PostgreSQL NOTIFY) or they poll (MySQL). */
        boolean pushesChanges() {
            return postgres;
        }

        @Override
        public String toString() { // never the password
            return "Target[" + product() + " " + address() + ", tables " + tablePrefix + "*]";
        }
    }

    /**
     * One autocommit connection with the JDBC driver tooz's driver uses ({@code org.postgresql.Driver} or {@code
     * org.mariadb.jdbc.Driver}); a server that cannot be reached is a {@link ToozConnectionException}.
     */
    static Connection connect(Target t) {
        Driver driver = t.postgres() ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
        try {
            Connection c = driver.connect(t.jdbcUrl(), t.properties());
            if (c == null) {
                throw new IllegalStateException("the JDBC driver does not accept " + t.jdbcUrl());
            }
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            String password = t.properties().getProperty("password");
            if (password != null && !password.isEmpty()) {
                message = message.replace(password, "***");
            }
            throw new ToozConnectionException(
                    "cannot connect to " + t.product() + " at " + t.address() + ": " + message + " (is it running?"
                            + " scripts/backends.sh up " + (t.postgres() ? "postgresql" : "mysql") + " starts one)",
                    e);
        }
    }

    static String serverVersion(Connection c) {
        try {
            DatabaseMetaData m = c.getMetaData();
            return m.getDatabaseProductName() + " " + m.getDatabaseProductVersion() + ", JDBC driver "
                    + m.getDriverName() + " " + m.getDriverVersion();
        } catch (SQLException e) {
            return "version unknown";
        }
    }

    static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // the benchmark is over; nothing depends on this connection
        }
    }
}
