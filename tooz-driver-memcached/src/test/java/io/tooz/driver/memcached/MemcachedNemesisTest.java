package io.tooz.driver.memcached;

import io.tooz.Feature;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.NemesisContract;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on the real memcached of {@code scripts/backends.sh} (127.0.0.1:11211): three contender
 * processes behind proxies of their own, partitioned, frozen and killed, with two-second TTLs. No server restarts:
 * memcached keeps nothing over a restart, so fencing counters would start again.
 */
class MemcachedNemesisTest implements NemesisContract {
    private final DriverFixture fixture = DriverFixture.of(
            "memcached://" + MemcachedServers.LOCAL,
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "watch_interval", "200ms"),
            EnumSet.complementOf(EnumSet.of(Feature.NATIVE_WATCH)));

    @BeforeAll
    static void serverIsUp() {
        MemcachedServers.requireLocal();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", 11211);
    }
}
