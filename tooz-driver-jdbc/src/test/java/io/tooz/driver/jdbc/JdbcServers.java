package io.tooz.driver.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Where the tests find the databases of {@code scripts/backends.sh}, and a clear failure when one is missing. */
final class JdbcServers {
    static final String POSTGRESQL = "postgresql://tooz:tooz@127.0.0.1:5432/tooz";
    static final String MYSQL = "mysql://tooz:tooz@127.0.0.1:3306/tooz";

    private JdbcServers() {}

    static void requirePostgres() {
        require(5432, "PostgreSQL", "postgresql");
    }

    static void requireMySql() {
        require(3306, "MariaDB/MySQL", "mysql");
    }

    private static void require(int port, String what, String service) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            throw new AssertionError(what + " is not listening on 127.0.0.1:" + port + ": start it with"
                    + " scripts/backends.sh up " + service + " (" + e.getMessage() + ")");
        }
    }
}
