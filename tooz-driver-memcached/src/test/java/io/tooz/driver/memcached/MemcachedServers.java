package io.tooz.driver.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Where the tests find memcached, and a clear failure when it is not there. */
final class MemcachedServers {
    static final String LOCAL = "127.0.0.1:11211";

    private MemcachedServers() {}

    static void requireLocal() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 11211), 2000);
        } catch (IOException e) {
            throw new AssertionError("memcached is not listening on " + LOCAL
                    + ": start it with scripts/backends.sh up memcached (" + e.getMessage() + ")");
        }
    }
}
