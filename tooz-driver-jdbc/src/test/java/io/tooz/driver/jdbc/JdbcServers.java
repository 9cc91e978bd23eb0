package io.tooz.driver.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;

/** The URLs of the shared databases of {@code scripts/backends.sh}, and the CA of their TLS certificates. */
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
}
