package io.tooz.driver.jdbc;

import java.time.Duration;
import java.util.Map;

/**
 * Everything the driver was configured with. The password is never shown.
 *
 * @param connectionProperties driver properties besides user and password (TLS, timeouts)
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
        int poolSize) {

    /** {@code host:port/database}, for messages. */
    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    /** What to check when the server cannot be reached. */
    String startHint() {
        return "check that " + dialect.displayName() + " runs there and that the URL's host and port are right";
    }

    /** {@code host:port}, for messages about the server rather than the database. */
    String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "JdbcSettings[" + dialect.displayName() + " " + address() + ", tables " + tablePrefix + "*]";
    }
}
