package io.tooz.driver.redis;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** The pooled command connections, the driver's scripts, and the one place Redis errors become tooz errors. */
final class RedisCommands implements AutoCloseable {
    private final RedisSettings settings;
    private final RedisConnections connections;
    private final UnifiedJedis pool;

    RedisCommands(RedisSettings settings, String clientName) {
        this.settings = settings;
        try {
            this.connections = RedisConnections.open(settings, clientName);
        } catch (JedisException e) {
            throw unreachable("connecting", e);
        }
        this.pool = connections.client();
    }

    JedisClientConfig config() {
        return connections.config();
    }

    /** Opens connections to the server: TCP (with TLS if configured), the Unix socket, or the sentinels' master. */
    JedisSocketFactory sockets() {
        return connections.sockets();
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
     * command, so the pool's idle connections are dropped and the work is tried once more on a new one; a read that
     * timed out is not tried again, so every call ends within the socket timeout ({@code timeout}).
     */
    <T> T call(String what, Function<UnifiedJedis, T> work) {
        try {
            try {
                return work.apply(pool);
            } catch (JedisConnectionException stale) {
                if (timedOut(stale)) {
                    throw stale; // the server did not answer in time: another try would double the wait
                }
                connections.dropIdle();
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

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
