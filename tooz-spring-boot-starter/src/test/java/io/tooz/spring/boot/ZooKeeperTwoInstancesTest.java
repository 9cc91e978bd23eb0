package io.tooz.spring.boot;

import io.tooz.tck.SharedServer;

class ZooKeeperTwoInstancesTest extends TwoInstancesTest {
    @Override
    String url() {
        SharedServer.ZOOKEEPER.require();
        return "zookeeper://" + SharedServer.ZOOKEEPER.hostPort();
    }
}
