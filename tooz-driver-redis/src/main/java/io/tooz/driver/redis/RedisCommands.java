package io.tooz.driver.redis;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** The pooled command connections, the driver's scripts, and the one place Redis errors become tooz errors. */
final class RedisCommands implements AutoCloseable {
    private final RedisSettings settings;
    private final JedisClientConfig config;
    private final JedisSocketFactory sockets;
    private final JedisPooled pool;

    RedisCommands(RedisSettings settings, String clientName) {
        this.settings = settings;
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .user(settings.user())
                .password(settings.password())
                .database(settings.db())
                .clientName(clientName)
                .socketTimeoutMillis((int)
                        Math.min(Integer.MAX_VALUE, settings.socketTimeout().toMillis()))
                .connectionTimeoutMillis((int)
                        Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        if (settings.tls().enabled()) {
            javax.net.ssl.SSLParameters params = new javax.net.ssl.SSLParameters();
            if (settings.tls().checkHostname()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            b.ssl(true)
                    .sslSocketFactory(RedisTlsContext.socketFactory(settings.tls()))
                    .sslParameters(params);
        }
        this.config = b.build();
        GenericObjectPoolConfig<Connection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(settings.poolSize());
        poolConfig.setMaxIdle(settings.poolSize());
        poolConfig.setJmxEnabled(false);
        poolConfig.setMaxWait(settings.connectTimeout());
        this.sockets = settings.socketPath() != null
                ? unixSockets(settings)
                : new DefaultJedisSocketFactory(new HostAndPort(settings.host(), settings.port()), config);
        this.pool = new JedisPooled(poolConfig, new ConnectionFactory(sockets, config));
    }

    JedisClientConfig config() {
        return config;
    }

    /** Opens connections to the server: TCP (with TLS if configured) or the Unix socket. */
    JedisSocketFactory sockets() {
        return sockets;
    }

    private static JedisSocketFactory unixSockets(RedisSettings settings) {
        int connectMs =
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        return () -> {
            try {
                return new UnixDomainSocket(Path.of(settings.socketPath()), connectMs);
            } catch (IOException e) {
                throw new JedisConnectionException("Unix socket " + settings.socketPath() + ": " + e.getMessage(), e);
            }
        };
    }

    /** Runs a script by SHA-1, loading it on {@code NOSCRIPT} (a new or flushed server). */
    Object script(RedisScript script, String what, List<byte[]> keys, List<byte[]> args) {
        return call(what, r -> {
            try {
                return r.evalsha(script.sha, keys, args);
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                    return r.eval(script.source, keys, args);
                }
                throw e;
            }
        });
    }

    /**
     * Runs commands, translating failures: unreachable server to {@link ToozConnectionException}. A connection that
     * broke while idle in the pool (the server restarted, or killed it) fails without the server having run the
     * command, so the pool's idle connections are dropped and the work is tried once more on a new one.
     */
    <T> T call(String what, Function<UnifiedJedis, T> work) {
        try {
            try {
                return work.apply(pool);
            } catch (JedisConnectionException stale) {
                pool.getPool().clear();
                return work.apply(pool);
            }
        } catch (JedisAccessControlException e) {
            throw new ToozConnectionException("Redis at " + settings.address() + " refused the credentials"
                    + (settings.user() == null ? "" : " of user '" + settings.user() + "'") + " while " + what
                    + ": " + e.getMessage() + "; check USER:PASSWORD in the URL");
        } catch (JedisConnectionException e) {
            throw unreachable(what, e);
        } catch (JedisDataException e) {
            throw new ToozException("Redis at " + settings.address() + " failed " + what + ": " + e.getMessage(), e);
        } catch (JedisException e) {
            throw unreachable(what, e);
        }
    }

    ToozConnectionException unreachable(String what, Exception e) {
        Throwable root = e;
        boolean tls = false;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            tls |= t instanceof javax.net.ssl.SSLException;
            root = t;
        }
        String hint = tls
                ? "TLS handshake failed: check ssl_ca_certs (the CA that signed the server certificate),"
                        + " ssl_check_hostname, and ssl_certfile/ssl_keyfile if the server wants client certificates"
                : "is redis-server running? scripts/backends.sh up redis starts one";
        return new ToozConnectionException(
                "cannot reach Redis at " + settings.address() + " while " + what + ": " + root.getMessage() + " ("
                        + hint + ")",
                e);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static long number(Object reply) {
        return ((Number) reply).longValue();
    }

    @Override
    public void close() {
        pool.close();
    }
}
