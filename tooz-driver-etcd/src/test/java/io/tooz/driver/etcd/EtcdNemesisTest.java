package io.tooz.driver.etcd;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.NemesisContract;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on the real etcd of {@code scripts/backends.sh} (127.0.0.1:2379): three contender processes
 * behind proxies of their own, partitioned, frozen and killed, with 2-second leases. No server restarts: the etcd is
 * shared with the other tests.
 */
class EtcdNemesisTest implements NemesisContract {
    private final DriverFixture fixture = DriverFixture.allFeatures(
            "etcd3+http://" + EtcdServers.LOCAL, Duration.ofSeconds(2), Map.of("timeout", "2"));

    @BeforeAll
    static void serverIsUp() {
        EtcdServers.requireLocal();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", 2379);
    }

    /** 55 s rather than 60: gRPC contenders take longer to start and to close. */
    @Override
    public Duration nemesisDuration() {
        return Duration.ofSeconds(55);
    }
}
