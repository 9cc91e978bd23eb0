package io.tooz.driver.memcached;

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
import io.tooz.tck.UnreachableBackendContract;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract suite on the real memcached of {@code scripts/backends.sh} (127.0.0.1:11211), with two-second TTLs.
 * Memcached has no namespaces; the contracts use unique group, member and lock names.
 */
class MemcachedContractTest
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
                SchedulerContract {
    private final DriverFixture fixture = DriverFixture.of(
            "memcached://" + MemcachedServers.LOCAL,
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "watch_interval", "200ms"),
            java.util.EnumSet.complementOf(java.util.EnumSet.of(io.tooz.Feature.NATIVE_WATCH)));

    @BeforeAll
    static void serverIsUp() {
        MemcachedServers.requireLocal();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public String unreachableUrl() {
        return "memcached://127.0.0.1:1?timeout=1";
    }

    @Override
    public String unreachableHostPort() {
        return "127.0.0.1:1";
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress(
                "127.0.0.1",
                Integer.parseInt(MemcachedServers.LOCAL.substring(MemcachedServers.LOCAL.indexOf(':') + 1)));
    }
}
