package io.tooz.driver.jdbc;

import io.tooz.tck.SharedServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcSharedLockProcessTest} on PostgreSQL, without TLS. */
class PostgresSharedLockProcessTest extends JdbcSharedLockProcessTest {
    PostgresSharedLockProcessTest() {
        super(JdbcServers.POSTGRESQL, 5432, Map.of("timeout", "2", "table_prefix", "proc_", "sslmode", "disable"));
    }

    @BeforeAll
    static void serverIsUp() {
        SharedServer.POSTGRESQL.require();
    }
}
