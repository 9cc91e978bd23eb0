package io.tooz.driver.jdbc;

import io.tooz.tck.SharedLockPartitionContract;
import io.tooz.tck.SharedServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcPartitionTest} on PostgreSQL, without TLS, and {@link SharedLockPartitionContract}. */
class PostgresPartitionTest extends JdbcPartitionTest implements SharedLockPartitionContract {
    PostgresPartitionTest() {
        super(JdbcServers.POSTGRESQL, 5432, Map.of("sslmode", "disable"));
    }

    @BeforeAll
    static void serverIsUp() {
        SharedServer.POSTGRESQL.require();
    }
}
