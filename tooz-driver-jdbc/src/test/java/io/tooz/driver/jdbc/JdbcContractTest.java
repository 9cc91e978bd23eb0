package io.tooz.driver.jdbc;

import io.tooz.tck.Backend;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.Offer;
import io.tooz.tck.ServerTest;
import io.tooz.tck.ToozContract;
import java.time.Duration;
import java.util.Map;

/**
 * The contract suite on one database of {@code scripts/backends.sh}, with a two-second membership TTL. Partitions
 * run in {@link JdbcPartitionTest}, which adds the driver's own bounds.
 */
@ServerTest
@Backend(offers = Offer.NETWORK, clock = true)
abstract class JdbcContractTest implements ToozContract {
    private final DriverFixture fixture;

    JdbcContractTest(String url) {
        this.fixture = DriverFixture.of(
                url, Duration.ofSeconds(2), Map.of("timeout", "2", "table_prefix", "tck_", "watch_interval", "200ms"));
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }
}
