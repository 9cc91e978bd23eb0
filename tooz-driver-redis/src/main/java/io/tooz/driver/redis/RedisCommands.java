package io.tooz.driver.redis;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.spi.ServiceProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private static final Duration PROBE_MAX = Duration.ofSeconds(2);
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

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
     * timed out is not tried again, so every call ends within the socket timeout ({@code socket_timeout}, by default
     * {@code timeout}), as in redis-py.
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
            throw credentials(what, e);
        } catch (JedisConnectionException e) {
            throw unreachable(what, e);
        } catch (JedisDataException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("NOAUTH") || m.contains("without any password configured")) {
                throw credentials(what, e);
            }
            throw new ToozException("Redis at " + settings.address() + " failed " + what + ": " + safe(m), e);
        } catch (JedisException e) {
            throw unreachable(what, e);
        }
    }

    /**
     * The server refused the URL's credentials: a password it does not have, a wrong one, none where it wants one.
     * Says which, and the fix; never the password (Redis does not echo it, and {@link #safe} makes sure).
     */
    private ToozConnectionException credentials(String what, JedisException e) {
        String m = safe(String.valueOf(e.getMessage()));
        String where = "Redis at " + settings.address();
        String user = settings.user() == null ? "" : " of user '" + settings.user() + "'";
        String fix;
        if (m.contains("without any password configured")) {
            fix = where + " has no password (requirepass is not set), but the URL gives one: remove the password from"
                    + " the URL (redis://HOST:PORT), or set requirepass on the server";
        } else if (m.startsWith("NOAUTH")) {
            fix = where + " requires a password (requirepass), and the URL gives none: write"
                    + " redis://:PASSWORD@HOST:PORT (percent-encode '@', ':', '/', '?' and '#' in it)";
        } else {
            fix = where + " refused the credentials" + user + " (a wrong password, or no such user): check"
                    + " USER:PASSWORD in the URL (percent-encode '@', ':', '/', '?' and '#' in the password), and the"
                    + " server's requirepass or ACL users";
        }
        return new ToozConnectionException(fix + " (while " + what + "; Redis said: " + m + ")", e);
    }

    /** A message from Redis or Jedis, with the password (should it ever appear) masked. */
    private String safe(String message) {
        String p = settings.password();
        return p == null || p.isEmpty() ? message : message.replace(p, "***");
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
        Throwable t = telling(e);
        String reason = t instanceof java.net.UnknownHostException
                ? "unknown host " + t.getMessage()
                : safe(String.valueOf(t.getMessage()));
        String hint = t instanceof javax.net.ssl.SSLException
                ? "TLS handshake failed: check ssl_ca_certs (the CA that signed the server certificate),"
                        + " ssl_check_hostname, and ssl_certfile/ssl_keyfile if the server wants client certificates"
                : t instanceof java.net.SocketTimeoutException
                        ? "no answer within the timeout (options socket_timeout, socket_connect_timeout, timeout):"
                                + " is the server"
                                + " overloaded, or a firewall dropping packets?"
                                + (settings.tls().enabled()
                                        ? " If the server does not speak TLS, use redis:// without ssl options"
                                        : "")
                        : "check that Redis runs there and that the URL's host and port are right";
        return new ToozConnectionException(
                "cannot reach Redis at " + settings.address() + " while " + what + ": " + reason + " (" + hint + ")",
                e);
    }

    /**
     * Why {@code start()} failed, told better where another service may listen on the port: a connection that broke
     * other than by a refusal, a timeout or TLS trouble is probed with a PING of its own, and what answered is named.
     */
    RuntimeException atStart(RuntimeException e) {
        if (!(e instanceof ToozConnectionException)
                || !(e.getCause() instanceof JedisConnectionException)
                || settings.socketPath() != null
                || settings.sentinel() != null
                || settings.tls().enabled()) {
            return e;
        }
        if (basic(telling(e.getCause()))) {
            return e;
        }
        Duration budget = settings.connectTimeout().compareTo(PROBE_MAX) < 0 ? settings.connectTimeout() : PROBE_MAX;
        ServiceProbe.Reply r = ServiceProbe.ask(settings.host(), settings.port(), PING, budget);
        if (r.outcome() == ServiceProbe.Reply.Outcome.UNREACHABLE
                || (r.answered() && (r.text().startsWith("+") || r.text().startsWith("-")))) {
            return e; // gone meanwhile, or Redis after all: the first failure says more
        }
        return new ToozConnectionException(
                "the server at " + settings.address() + " is not Redis" + (r.answered() ? "" : ", or not a working one")
                        + ": to PING it " + r.describe() + "; check the URL's host and port",
                e);
    }

    /**
     * What says most about a failure: a refusal, an unknown host, a timeout or a TLS failure among its causes and what
     * they suppressed (Jedis keeps one per address it tried), else its innermost cause.
     */
    private static Throwable telling(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (basic(t)) {
                return t;
            }
            for (Throwable s : t.getSuppressed()) {
                Throwable found = telling(s);
                if (basic(found)) {
                    return found;
                }
            }
            root = t;
        }
        return root;
    }

    private static boolean basic(Throwable t) {
        return t instanceof java.net.ConnectException
                || t instanceof java.net.SocketTimeoutException
                || t instanceof java.net.UnknownHostException
                || t instanceof javax.net.ssl.SSLException;
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
