package io.tooz.driver.jdbc;

import io.tooz.tck.SharedServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcPartitionTest} on MariaDB. */
class MySqlPartitionTest extends JdbcPartitionTest {
    MySqlPartitionTest() {
        super(JdbcServers.MYSQL, 3306, Map.of());
    }

    @BeforeAll
    static void serverIsUp() {
        SharedServer.MYSQL.require();
    }
}
