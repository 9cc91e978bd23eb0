package io.tooz.driver.jdbc;

import io.tooz.tck.SharedServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcSharedLockProcessTest} on MariaDB. */
class MySqlSharedLockProcessTest extends JdbcSharedLockProcessTest {
    MySqlSharedLockProcessTest() {
        super(JdbcServers.MYSQL, 3306, Map.of("timeout", "2", "table_prefix", "proc_"));
    }

    @BeforeAll
    static void serverIsUp() {
        SharedServer.MYSQL.require();
    }
}
