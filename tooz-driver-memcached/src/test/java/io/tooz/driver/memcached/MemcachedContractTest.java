package io.tooz.driver.memcached;

import static io.tooz.tck.Offer.NETWORK;
import static io.tooz.tck.Offer.PROXY;

import io.tooz.Feature;
import io.tooz.tck.Backend;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import io.tooz.tck.ToozContract;
import java.time.Duration;
import java.util.Map;

/**
 * The contract suite on the shared memcached, with two-second TTLs. Memcached has no namespaces: the contracts use
 * unique group, member and lock names.
 */
@ServerTest
@Backend(
        lacks = Feature.NATIVE_WATCH,
        offers = {NETWORK, PROXY})
class MemcachedContractTest implements ToozContract {
    private final DriverFixture fixture = DriverFixture.of(
            "memcached://" + SharedServer.MEMCACHED.hostPort(),
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "watch_interval", "200ms"));

    @Override
    public DriverFixture fixture() {
        return fixture;
    }
}
