package io.tooz.driver.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the driver was configured with. The password is never shown.
 *
 * @param connectionProperties driver properties besides user and password (TLS, timeouts)
 * @param unixSocket the server's unix socket, which connections use instead of host and port; or null
 */
record JdbcSettings(
        Dialect dialect,
        String host,
        int port,
        String database,
        String user,
        String password,
        Map<String, String> connectionProperties,
        Duration timeout,
        Duration membershipTimeout,
        String tablePrefix,
        boolean toozLockIds,
        int poolSize,
        Path unixSocket) {

    /** Settings for TCP. */
    JdbcSettings(
            Dialect dialect,
            String host,
            int port,
            String database,
            String user,
            String password,
            Map<String, String> connectionProperties,
            Duration timeout,
            Duration membershipTimeout,
            String tablePrefix,
            boolean toozLockIds,
            int poolSize) {
        this(
                dialect,
                host,
                port,
                database,
                user,
                password,
                connectionProperties,
                timeout,
                membershipTimeout,
                tablePrefix,
                toozLockIds,
                poolSize,
                null);
    }

    /** {@code host:port/database}, for messages. */
    String address() {
        return unixSocket != null
                ? "unix socket " + unixSocket + ", database " + database
                : hostPort() + "/" + database;
    }

    /** What to check when the server cannot be reached. */
    String startHint() {
        return unixSocket != null
                ? "check that " + dialect.displayName() + " runs and listens on that socket (option unix_socket)"
                : "check that " + dialect.displayName() + " runs there and that the URL's host and port are right";
    }

    /** {@code host:port}, for messages about the server rather than the database. */
    String hostPort() {
        return unixSocket != null
                ? "unix socket " + unixSocket
                : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "JdbcSettings[" + dialect.displayName() + " " + address() + ", tables " + tablePrefix + "*]";
    }
}
