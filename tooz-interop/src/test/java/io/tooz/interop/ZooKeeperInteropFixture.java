package io.tooz.interop;

import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/** {@link InteropFixture} on the local ZooKeeper, one fresh namespace per test. */
abstract class ZooKeeperInteropFixture extends InteropFixture {
    static final String ZOOKEEPER = "127.0.0.1:2181";

    final String namespace = "tooz-interop-" + UUID.randomUUID();

    @BeforeAll
    static void zooKeeperAndPythonToozAreThere() {
        SharedServer.ZOOKEEPER.require();
        PythonPeer.requireTooz();
    }

    @Override
    String url() {
        return "zookeeper://" + ZOOKEEPER + "?namespace=" + namespace + "&timeout=4";
    }
}
