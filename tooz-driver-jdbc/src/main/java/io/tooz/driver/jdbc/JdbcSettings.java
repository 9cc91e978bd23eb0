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
        Duration watchCheckInterval,
        int poolSize) {

    /** {@code host:port/database}, for messages. */
    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    /** What to do when the server cannot be reached. */
    String startHint() {
        return "start it with scripts/backends.sh up " + dialect.serviceName() + ", or check the URL";
    }

    @Override
    public String toString() {
        return "JdbcSettings[" + dialect.displayName() + " " + address() + ", tables " + tablePrefix + "*]";
    }
}
