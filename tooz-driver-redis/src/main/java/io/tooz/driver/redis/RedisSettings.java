package io.tooz.driver.redis;

import java.time.Duration;

/** Everything the Redis driver was configured with; the password is never shown. */
record RedisSettings(
        String socketPath,
        String host,
        int port,
        int db,
        String user,
        String password,
        Duration socketTimeout,
        Duration connectTimeout,
        boolean keepAlive,
        Duration membershipTimeout,
        Duration lockTimeout,
        String namespace,
        boolean legacyLockKeys,
        int poolSize,
        RedisTls tls,
        RedisSentinel sentinel) {

    /** {@code host:port}, {@code unix:PATH} or the sentinel's master, for messages. */
    String address() {
        if (sentinel != null) {
            return sentinel.toString();
        }
        if (socketPath != null) {
            return "unix:" + socketPath;
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "RedisSettings[" + address() + ", db " + db + ", namespace " + namespace + "]";
    }
}
