package io.tooz.driver.etcd;

import static io.tooz.tck.Offer.NETWORK;
import static io.tooz.tck.Offer.PROXY;
import static io.tooz.tck.Offer.WORKER_PROCESS;

import io.tooz.tck.Backend;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import io.tooz.tck.ToozContract;
import java.time.Duration;
import java.util.Map;

/** The contract suite on the shared etcd, with two-second leases. */
@ServerTest
@Backend(offers = {NETWORK, PROXY, WORKER_PROCESS})
class EtcdContractTest implements ToozContract {
    private final DriverFixture fixture = DriverFixture.of(
            "etcd3+http://" + SharedServer.ETCD.hostPort(), Duration.ofSeconds(2), Map.of("timeout", "2"));

    @Override
    public DriverFixture fixture() {
        return fixture;
    }
}
