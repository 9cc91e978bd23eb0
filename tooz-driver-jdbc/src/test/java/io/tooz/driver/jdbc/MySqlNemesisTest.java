package io.tooz.driver.jdbc;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on the MariaDB of {@code scripts/backends.sh}: three contender processes behind proxies of
 * their own, partitioned, frozen and killed, with {@code timeout=2} (the server ends a silent lock session after 2 s).
 * The server is also frozen and restarted ({@link JdbcNemesis}).
 */
@ServerTest
class MySqlNemesisTest implements JdbcNemesis {
    private final DriverFixture fixture = DriverFixture.of(
            JdbcServers.MYSQL, Duration.ofSeconds(2), Map.of("timeout", "2", "table_prefix", "nemesis_"));

    @BeforeAll
    static void serverIsUp() {
        SharedServer.MYSQL.require();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", 3306);
    }

    @Override
    public JdbcAdmin admin() {
        return new JdbcAdmin(false);
    }
}
