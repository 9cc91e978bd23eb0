package io.tooz.driver.zookeeper;

import io.tooz.Feature;
import io.tooz.tck.BarrierContract;
import io.tooz.tck.CapabilitiesContract;
import io.tooz.tck.ClaimContract;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.GroupContract;
import io.tooz.tck.GroupWatchContract;
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
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract suite on the real ZooKeeper of {@code scripts/backends.sh} (127.0.0.1:2181), each test class in a
 * namespace of its own. Liveness is the ZooKeeper session, so the heartbeat-expiry contract does not apply; session
 * expiry is exercised by ending sessions at the server ({@link ZkFaultKit#expireSession}).
 */
class ZooKeeperContractTest
        implements RegistrationContract,
                LifecycleContract,
                GroupContract,
                CapabilitiesContract,
                GroupWatchContract,
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
                SchedulerProcessContract,
                PartitionContract {
    private final DriverFixture fixture = DriverFixture.of(
            "zookeeper://" + ZooKeeperServers.LOCAL,
            Duration.ofSeconds(4),
            Map.of("timeout", "4", "namespace", "tooz-tck-" + UUID.randomUUID()),
            EnumSet.complementOf(EnumSet.of(Feature.HEARTBEAT_EXPIRY)));

    @BeforeAll
    static void serverIsUp() {
        ZooKeeperServers.requireLocal();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public void expireSession(io.tooz.Coordinator c) {
        ZkFaultKit.expireSession(c);
    }

    @Override
    public boolean expectBackendClock() {
        return true;
    }

    @Override
    public String unreachableUrl() {
        return "zookeeper://127.0.0.1:1?timeout=1";
    }

    @Override
    public String unreachableHostPort() {
        return "127.0.0.1:1";
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", 2181);
    }
}
