package io.tooz.driver.jdbc;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on the PostgreSQL of {@code scripts/backends.sh}: three contender processes behind proxies of
 * their own, partitioned, frozen and killed, with {@code timeout=2} (the server ends a silent lock session after 2 s).
 * The server is also frozen and restarted ({@link JdbcNemesis}).
 */
@ServerTest
class PostgresNemesisTest implements JdbcNemesis {
    private final DriverFixture fixture = DriverFixture.of(
            JdbcServers.POSTGRESQL,
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "table_prefix", "nemesis_", "sslmode", "disable"));

    @BeforeAll
    static void serverIsUp() {
        SharedServer.POSTGRESQL.require();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", 5432);
    }

    @Override
    public JdbcAdmin admin() {
        return new JdbcAdmin(true);
    }
}
