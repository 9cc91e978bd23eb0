package io.tooz.interop;

import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@link InteropFixture} on the local Redis: one fresh namespace per test, deleted afterwards. Both sides use one URL:
 * Python tooz 3.1.0 ignores the options it does not know, such as {@code lock_key_format=legacy}, which makes Java
 * use 3.1.0's lock keys.
 */
abstract class RedisInteropFixture extends InteropFixture {
    static final int PORT = 6379;

    final String namespace = "_tooz_interop_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void redisAndPythonToozAreThere() {
        SharedServer.REDIS.require();
        PythonPeer.requireTooz();
    }

    @Override
    String url() {
        return "redis://127.0.0.1:" + PORT + "?namespace=" + namespace + "&timeout=4&lock_key_format=legacy";
    }

    /** Every key naming the namespace: groups, member beats and both lock key formats. */
    @Override
    void removeNamespace() {
        try (Jedis redis = new Jedis("127.0.0.1", PORT)) {
            ScanParams ours = new ScanParams().match("*" + namespace + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, ours);
                if (!page.getResult().isEmpty()) {
                    redis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
