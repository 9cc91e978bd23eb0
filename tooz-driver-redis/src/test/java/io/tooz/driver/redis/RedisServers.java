package io.tooz.driver.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Where the tests find Redis, and a clear failure when it is not there. */
final class RedisServers {
    static final String LOCAL = "127.0.0.1:6379";

    private RedisServers() {}

    static void requireLocal() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 6379), 2000);
        } catch (IOException e) {
            throw new AssertionError("Redis is not listening on " + LOCAL
                    + ": start it with scripts/backends.sh up redis (" + e.getMessage() + ")");
        }
    }
}
