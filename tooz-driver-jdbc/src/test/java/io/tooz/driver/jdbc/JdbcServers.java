package io.tooz.driver.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the databases of {@code scripts/backends.sh}, and a clear failure when one is missing. */
final class JdbcServers {
    static final String POSTGRESQL = "postgresql://tooz:tooz@127.0.0.1:5432/tooz";
    static final String MYSQL = "mysql://tooz:tooz@127.0.0.1:3306/tooz";

    private JdbcServers() {}

    /**
     * The CA that {@code scripts/backends.sh up} made for the servers' TLS certificates: {@code
     * $TOOZ_BACKENDS_DIR/tls/ca.pem}, by default {@code /tmp/tooz-backends/tls/ca.pem}.
     */
    static Path tlsCa() {
        String dir = System.getenv("TOOZ_BACKENDS_DIR");
        Path ca = Path.of(dir == null || dir.isEmpty() ? "/tmp/tooz-backends" : dir, "tls", "ca.pem");
        if (!Files.isReadable(ca)) {
            throw new AssertionError(ca + " is missing, so the servers have no TLS yet: run scripts/backends.sh up"
                    + " postgresql mysql");
        }
        return ca;
    }

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
