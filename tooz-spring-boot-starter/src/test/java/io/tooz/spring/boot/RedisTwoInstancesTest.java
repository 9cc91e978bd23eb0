package io.tooz.spring.boot;

import io.tooz.tck.SharedServer;

class RedisTwoInstancesTest extends TwoInstancesTest {
    @Override
    String url() {
        SharedServer.REDIS.require();
        return "redis://" + SharedServer.REDIS.hostPort();
    }
}
