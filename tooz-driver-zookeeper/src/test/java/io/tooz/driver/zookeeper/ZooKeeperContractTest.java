package io.tooz.driver.zookeeper;

import static io.tooz.tck.Offer.NETWORK;
import static io.tooz.tck.Offer.PROXY;
import static io.tooz.tck.Offer.WORKER_PROCESS;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.tck.Backend;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import io.tooz.tck.ToozContract;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The contract suite on the shared ZooKeeper, each test class in a namespace of its own. Liveness is the session, not
 * heartbeats: the contracts that kill a member end its session at the server.
 */
@ServerTest
@Backend(
        lacks = Feature.HEARTBEAT_EXPIRY,
        offers = {NETWORK, PROXY, WORKER_PROCESS},
        clock = true)
class ZooKeeperContractTest implements ToozContract {
    private final DriverFixture fixture = DriverFixture.of(
            "zookeeper://" + SharedServer.ZOOKEEPER.hostPort(),
            Duration.ofSeconds(4),
            Map.of("timeout", "4", "namespace", "tooz-tck-" + UUID.randomUUID()));

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public void expireSession(Coordinator c) {
        ZkFaultKit.expireSession(c);
    }
}
