package io.tooz.driver.redis;

import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * The command pool. Unlike {@code JedisPooled}, it names the protocol up front, so building it opens no connection:
 * Jedis would otherwise probe the server once in the constructor, and a server that never answers would cost
 * {@code start()} one socket timeout more.
 */
final class PooledRedis extends UnifiedJedis {
    private final PooledConnectionProvider provider;

    PooledRedis(PooledConnectionProvider provider) {
        super(provider, RedisProtocol.RESP2);
        this.provider = provider;
    }

    /** Drops the idle connections (after one turned out broken). */
    void clearIdle() {
        provider.getPool().clear();
    }
}
