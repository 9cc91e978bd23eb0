package io.tooz.driver.redis;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.NemesisContract;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on the real Redis of {@code scripts/backends.sh} (127.0.0.1:6379): three contender processes
 * behind proxies of their own, partitioned, frozen and killed, with two-second TTLs. No server restarts: that Redis
 * keeps no data over a restart, so fencing counters would start again.
 */
class RedisNemesisTest implements NemesisContract {
    private final DriverFixture fixture = DriverFixture.allFeatures(
            "redis://" + RedisServers.LOCAL,
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "namespace", "_tooz_nemesis_" + UUID.randomUUID()));

    @BeforeAll
    static void serverIsUp() {
        RedisServers.requireLocal();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", 6379);
    }
}
