package io.tooz.driver.jdbc;

import io.tooz.tck.SharedServer;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcFaultTest} on PostgreSQL: {@code pg_terminate_backend}, and a restart of the cluster. */
class PostgresFaultTest extends JdbcFaultTest {
    @BeforeAll
    static void serverIsUp() {
        SharedServer.POSTGRESQL.require();
    }

    @Override
    String url() {
        return JdbcServers.POSTGRESQL;
    }

    @Override
    JdbcAdmin admin() {
        return new JdbcAdmin(true);
    }
}
