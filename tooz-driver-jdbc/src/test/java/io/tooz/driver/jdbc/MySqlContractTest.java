package io.tooz.driver.jdbc;

/** The contract suite on MariaDB/MySQL. */
class MySqlContractTest extends JdbcContractTest {
    MySqlContractTest() {
        super(JdbcServers.MYSQL);
    }
}
