package io.tooz.driver.zookeeper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Where the tests find ZooKeeper, and a clear failure when it is not there. */
final class ZooKeeperServers {
    static final String LOCAL = "127.0.0.1:2181";

    private ZooKeeperServers() {}

    static void requireLocal() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 2181), 2000);
        } catch (IOException e) {
            throw new AssertionError("ZooKeeper is not listening on " + LOCAL
                    + ": start it with scripts/backends.sh up zookeeper (" + e.getMessage() + ")");
        }
    }
}
