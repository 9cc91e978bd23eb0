package io.tooz.driver.etcd;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.PartitionContract;
import io.tooz.tck.SchedulerProcessContract;
import io.tooz.tck.ToozContract;
import io.tooz.tck.UnreachableBackendContract;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The whole contract suite on the real etcd of {@code scripts/backends.sh} (127.0.0.1:2379), with 2-second leases. */
class EtcdContractTest
        implements PartitionContract, ToozContract, UnreachableBackendContract, SchedulerProcessContract {
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
    public String unreachableUrl() {
        return "etcd3+http://127.0.0.1:1?timeout=1";
    }

    @Override
    public String unreachableHostPort() {
        return "127.0.0.1:1";
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress(
                "127.0.0.1", Integer.parseInt(EtcdServers.LOCAL.substring(EtcdServers.LOCAL.indexOf(':') + 1)));
    }
}
