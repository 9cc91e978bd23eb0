package io.tooz.driver.jdbc;

import org.junit.jupiter.api.BeforeAll;

/** The contract suite on PostgreSQL. */
class PostgresContractTest extends JdbcContractTest {
    PostgresContractTest() {
        super(JdbcServers.POSTGRESQL);
    }

    @BeforeAll
    static void serverIsUp() {
        JdbcServers.requirePostgres();
    }
}
