package io.tooz.driver.jdbc;

import io.tooz.tck.SharedServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JdbcPartitionTest} on PostgreSQL over TLS, the server verified against the CA of {@code scripts/backends.sh}
 * (its certificate names 127.0.0.1, which the proxy also listens on). A TLS close waits for the server's answer unless
 * the driver stops it, which once let a partitioned holder hear of its loss only after the next grant.
 */
class PostgresTlsPartitionTest extends JdbcPartitionTest {
    PostgresTlsPartitionTest() {
        super(
                JdbcServers.POSTGRESQL,
                5432,
                Map.of(
                        "sslmode",
                        "verify-full",
                        "sslrootcert",
                        JdbcServers.tlsCa().toString()));
    }

    @BeforeAll
    static void serverIsUp() {
        SharedServer.POSTGRESQL.require();
    }
}
