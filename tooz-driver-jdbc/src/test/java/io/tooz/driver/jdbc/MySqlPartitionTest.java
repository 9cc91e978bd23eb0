package io.tooz.driver.jdbc;

import io.tooz.tck.SharedLockPartitionContract;
import io.tooz.tck.SharedServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcPartitionTest} on MariaDB, and {@link SharedLockPartitionContract}. */
class MySqlPartitionTest extends JdbcPartitionTest implements SharedLockPartitionContract {
    MySqlPartitionTest() {
        super(JdbcServers.MYSQL, 3306, Map.of());
    }

    @BeforeAll
    static void serverIsUp() {
        SharedServer.MYSQL.require();
    }
}
