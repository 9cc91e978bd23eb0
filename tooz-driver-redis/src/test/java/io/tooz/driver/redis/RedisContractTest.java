package io.tooz.driver.redis;

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
import java.util.UUID;

/** The contract suite on the shared Redis, each test class in a key namespace of its own, with two-second TTLs. */
@ServerTest
@Backend(
        offers = {NETWORK, PROXY, WORKER_PROCESS},
        clock = true)
class RedisContractTest implements ToozContract {
    private final DriverFixture fixture = DriverFixture.of(
            "redis://" + SharedServer.REDIS.hostPort(),
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "namespace", "_tooz_tck_" + UUID.randomUUID(), "watch_interval", "200ms"));

    @Override
    public DriverFixture fixture() {
        return fixture;
    }
}
