package io.tooz.micrometer;

import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/** {@link BackendMetricsTest} on the shared ZooKeeper, under a namespace of its own. */
@ServerTest
class ZooKeeperMetricsTest extends BackendMetricsTest {
    private static final String URL = "zookeeper://" + SharedServer.ZOOKEEPER.hostPort()
            + "?timeout=4&namespace=tooz-metrics-" + UUID.randomUUID();

    @BeforeAll
    static void requireServer() {
        SharedServer.ZOOKEEPER.require();
    }

    @Override
    String url() {
        return URL;
    }

    @Override
    String scheme() {
        return "zookeeper";
    }
}
