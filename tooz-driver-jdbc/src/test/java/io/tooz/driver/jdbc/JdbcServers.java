package io.tooz.driver.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;

/** The URLs of the shared databases of {@code scripts/backends.sh}, and the CA of their TLS certificates. */
final class JdbcServers {
    static final String POSTGRESQL = "postgresql://tooz:tooz@127.0.0.1:5432/tooz";
    static final String MYSQL = "mysql://tooz:tooz@127.0.0.1:3306/tooz";
    /** MariaDB's user that must also present {@link #tlsClientCert()} (REQUIRE X509). */
    static final String MYSQL_X509 = "mysql://tooz_x509:tooz@127.0.0.1:3306/tooz";
    /** MariaDB's unix socket. */
    static final String MYSQL_SOCKET = "/run/mysqld/mysqld.sock";

    private JdbcServers() {}

    /**
     * The CA that {@code scripts/backends.sh up} made for the servers' TLS certificates: {@code
     * $TOOZ_BACKENDS_DIR/tls/ca.pem}, by default {@code /tmp/tooz-backends/tls/ca.pem}.
     */
    static Path tlsCa() {
        return tlsFile("ca.pem");
    }

    /** The client certificate (CN tooz-x509) that {@code scripts/backends.sh up} made next to the CA. */
    static Path tlsClientCert() {
        return tlsFile("client.pem");
    }

    /** Its key (PEM, readable by all). */
    static Path tlsClientKey() {
        return tlsFile("client.key");
    }

    private static Path tlsFile(String name) {
        String dir = System.getenv("TOOZ_BACKENDS_DIR");
        Path f = Path.of(dir == null || dir.isEmpty() ? "/tmp/tooz-backends" : dir, "tls", name);
        if (!Files.isReadable(f)) {
            throw new AssertionError(f + " is missing, so the servers have no TLS (or no client certificate) yet: run"
                    + " scripts/backends.sh up postgresql mysql");
        }
        return f;
    }
}
