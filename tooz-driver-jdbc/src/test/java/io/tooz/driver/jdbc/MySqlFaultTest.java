package io.tooz.driver.jdbc;

import io.tooz.tck.SharedServer;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcFaultTest} on MariaDB: {@code KILL}, and a restart of the server. */
class MySqlFaultTest extends JdbcFaultTest {
    @BeforeAll
    static void serverIsUp() {
        SharedServer.MYSQL.require();
    }

    @Override
    String url() {
        return JdbcServers.MYSQL;
    }

    @Override
    JdbcAdmin admin() {
        return new JdbcAdmin(false);
    }
}
