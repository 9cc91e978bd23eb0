package io.tooz.driver.redis;

import io.tooz.internal.net.UnixSocket;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * The Jedis side of the settings: the client configuration (credentials, database, timeouts, TLS), how sockets are
 * opened (TCP, Unix socket, or to whichever server the sentinels name master), and the command pool.
 */
record RedisConnections(JedisClientConfig config, JedisSocketFactory sockets, UnifiedJedis client) {

    static RedisConnections open(RedisSettings settings, String clientName) {
        JedisClientConfig config = clientConfig(settings, clientName);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setJmxEnabled(false);
        pool.setMaxWait(settings.connectTimeout());
        RedisSentinel sentinel = settings.sentinel();
        if (sentinel != null) {
            Set<HostAndPort> sentinels = new HashSet<>();
            sentinel.sentinels().forEach(s -> sentinels.add(HostAndPort.from(s)));
            DefaultJedisClientConfig.Builder toSentinels = DefaultJedisClientConfig.builder()
                    .user(sentinel.user())
                    .password(sentinel.password())
                    .socketTimeoutMillis(millis(settings.socketTimeout()))
                    .connectionTimeoutMillis(millis(settings.connectTimeout()));
            if (sentinel.tls()) {
                tls(toSentinels, settings.tls());
            }
            JedisSentineled client =
                    new JedisSentineled(sentinel.master(), config, pool, sentinels, toSentinels.build());
            JedisSocketFactory toMaster = keepAlive(
                    settings, () -> new DefaultJedisSocketFactory(client.getCurrentMaster(), config).createSocket());
            return new RedisConnections(config, toMaster, client);
        }
        JedisSocketFactory sockets = settings.socketPath() != null
                ? unixSockets(settings)
                : keepAlive(
                        settings,
                        new DefaultJedisSocketFactory(new HostAndPort(settings.host(), settings.port()), config));
        return new RedisConnections(
                config,
                sockets,
                new PooledRedis(new PooledConnectionProvider(new ConnectionFactory(sockets, config), pool)));
    }

    /** Drops idle pooled connections after one turned out broken (the server restarted or closed them). */
    void dropIdle() {
        if (client instanceof PooledRedis pooled) {
            pooled.clearIdle();
        }
    }

    private static JedisClientConfig clientConfig(RedisSettings settings, String clientName) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .user(settings.user())
                .password(settings.password())
                .database(settings.db())
                .clientName(clientName)
                .socketTimeoutMillis(millis(settings.socketTimeout()))
                .connectionTimeoutMillis(millis(settings.connectTimeout()));
        if (settings.tls().enabled()) {
            tls(b, settings.tls());
        }
        return b.build();
    }

    private static void tls(DefaultJedisClientConfig.Builder b, RedisTls tls) {
        SSLParameters params = new SSLParameters();
        if (tls.checkHostname()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        b.ssl(true).sslSocketFactory(RedisTlsContext.socketFactory(tls)).sslParameters(params);
    }

    /**
     * Jedis turns TCP keepalive on for every socket; {@code socket_keepalive=false} turns it off again, as redis-py
     * leaves it.
     */
    private static JedisSocketFactory keepAlive(RedisSettings settings, JedisSocketFactory tcp) {
        if (settings.keepAlive()) {
            return tcp;
        }
        return () -> {
            Socket s = tcp.createSocket();
            try {
                s.setKeepAlive(false);
            } catch (java.net.SocketException e) {
                throw new JedisConnectionException(e);
            }
            return s;
        };
    }

    private static JedisSocketFactory unixSockets(RedisSettings settings) {
        int connectMs = millis(settings.connectTimeout());
        return () -> {
            try {
                UnixSocket s = new UnixSocket(Path.of(settings.socketPath()));
                s.connect(null, connectMs);
                s.setSoTimeout(connectMs);
                return s;
            } catch (IOException e) {
                throw new JedisConnectionException("Unix socket " + settings.socketPath() + ": " + e.getMessage(), e);
            }
        };
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
