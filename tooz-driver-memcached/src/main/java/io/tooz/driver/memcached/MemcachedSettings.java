package io.tooz.driver.memcached;

import java.time.Duration;

/**
 * The options of one memcached:// URL, read and checked by the provider.
 *
 * @param tls TLS to the server, or null for plain TCP
 */
record MemcachedSettings(
        String host,
        int port,
        Duration timeout,
        Duration membershipTimeout,
        Duration lockTimeout,
        Duration leaderTimeout,
        int maxPoolSize,
        Duration lockPollMax,
        MemcachedTls tls) {

    /** Settings for plain TCP. */
    MemcachedSettings(
            String host,
            int port,
            Duration timeout,
            Duration membershipTimeout,
            Duration lockTimeout,
            Duration leaderTimeout,
            int maxPoolSize,
            Duration lockPollMax) {
        this(host, port, timeout, membershipTimeout, lockTimeout, leaderTimeout, maxPoolSize, lockPollMax, null);
    }

    String address() {
        return host + ":" + port;
    }

    /**
     * A TTL as memcached's expiry: whole seconds rounded up, plus one, because memcached's clock ticks once a second
     * and an item set with expiry {@code n} may go after {@code n - 1} seconds; this way it lives at least {@code d}.
     */
    static int seconds(Duration d) {
        long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, s) + 1;
    }
}
