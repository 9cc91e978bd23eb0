package io.tooz.driver.jdbc;

import io.tooz.tck.BarrierContract;
import io.tooz.tck.CapabilitiesContract;
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
import io.tooz.tck.PartitionerContract;
import io.tooz.tck.RegistrationContract;
import io.tooz.tck.UnreachableBackendContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite on the real database of {@code scripts/backends.sh}, with a two-second membership TTL. */
class PostgresContractTest
        implements RegistrationContract,
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
                UnreachableBackendContract {
    private final DriverFixture fixture = DriverFixture.allFeatures(
            JdbcServers.POSTGRESQL,
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "table_prefix", "tck_", "watch_check_interval", "200ms"));

    @BeforeAll
    static void serverIsUp() {
        JdbcServers.requirePostgres();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public String unreachableUrl() {
        return "postgresql://tooz:tooz@127.0.0.1:1/tooz?timeout=1";
    }

    @Override
    public String unreachableHostPort() {
        return "127.0.0.1:1";
    }
}
