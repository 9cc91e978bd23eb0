package io.tooz.driver.jdbc;

import org.junit.jupiter.api.BeforeAll;

/** The contract suite on MariaDB/MySQL. */
class MySqlContractTest extends JdbcContractTest {
    MySqlContractTest() {
        super(JdbcServers.MYSQL);
    }

    @BeforeAll
    static void serverIsUp() {
        JdbcServers.requireMySql();
    }
}
