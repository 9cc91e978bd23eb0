package io.tooz.driver.jdbc;

/** The contract suite on PostgreSQL. */
class PostgresContractTest extends JdbcContractTest {
    PostgresContractTest() {
        super(JdbcServers.POSTGRESQL);
    }
}
