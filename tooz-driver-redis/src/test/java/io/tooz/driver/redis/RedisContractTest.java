package io.tooz.driver.redis;

import io.tooz.tck.BarrierContract;
import io.tooz.tck.CapabilitiesContract;
import io.tooz.tck.ClaimContract;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.GroupContract;
import io.tooz.tck.GroupWatchContract;
import io.tooz.tck.HeartbeatContract;
import io.tooz.tck.LeaderElectionContract;
import io.tooz.tck.LifecycleContract;
import io.tooz.tck.LockBreakContract;
import io.tooz.tck.LockContract;
import io.tooz.tck.LockFuzzContract;
import io.tooz.tck.LockLeaseContract;
import io.tooz.tck.PartitionContract;
import io.tooz.tck.PartitionerContract;
import io.tooz.tck.RegistrationContract;
import io.tooz.tck.SchedulerContract;
import io.tooz.tck.SchedulerProcessContract;
import io.tooz.tck.UnreachableBackendContract;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract suite on the real Redis of {@code scripts/backends.sh} (127.0.0.1:6379), each test class in a key
 * namespace of its own, with two-second membership and lock TTLs.
 */
class RedisContractTest
        implements PartitionContract,
                RegistrationContract,
                LifecycleContract,
                GroupContract,
                CapabilitiesContract,
                GroupWatchContract,
                HeartbeatContract,
                LeaderElectionContract,
                LockContract,
                LockLeaseContract,
                LockBreakContract,
                LockFuzzContract,
                BarrierContract,
                PartitionerContract,
                UnreachableBackendContract,
                ClaimContract,
                SchedulerContract,
                SchedulerProcessContract {
    private final DriverFixture fixture = DriverFixture.allFeatures(
            "redis://" + RedisServers.LOCAL,
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "namespace", "_tooz_tck_" + UUID.randomUUID(), "watch_check_interval", "200ms"));

    @BeforeAll
    static void serverIsUp() {
        RedisServers.requireLocal();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public boolean expectBackendClock() {
        return true;
    }

    @Override
    public String unreachableUrl() {
        return "redis://127.0.0.1:1?timeout=1";
    }

    @Override
    public String unreachableHostPort() {
        return "127.0.0.1:1";
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress(
                "127.0.0.1", Integer.parseInt(RedisServers.LOCAL.substring(RedisServers.LOCAL.indexOf(':') + 1)));
    }
}
