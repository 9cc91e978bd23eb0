package io.tooz.micrometer;

import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/** {@link BackendMetricsTest} on the shared Redis, in a namespace of its own. */
@ServerTest
class RedisMetricsTest extends BackendMetricsTest {
    private static final String URL =
            "redis://" + SharedServer.REDIS.hostPort() + "?timeout=2&namespace=_tooz_metrics_" + UUID.randomUUID();

    @BeforeAll
    static void requireServer() {
        SharedServer.REDIS.require();
    }

    @Override
    String url() {
        return URL;
    }

    @Override
    String scheme() {
        return "redis";
    }
}
