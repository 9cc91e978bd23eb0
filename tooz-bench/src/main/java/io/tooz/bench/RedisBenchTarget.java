package io.tooz.bench;

import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Op;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.commands.JedisCommands;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The server {@link RedisBench} measures and its connections to it: the {@link Target} a URL names, the bare Jedis
 * clients of the raw floor, Redisson clients, the raw floor itself, the server version and the clean-up by key prefix.
 */
final class RedisBenchTarget {
    /** Compare-and-delete: the release of the raw floor (the pattern of the Redis documentation of SET). */
    static final String COMPARE_AND_DELETE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

    static final long LOCK_MS = 30_000;

    private RedisBenchTarget() {}

    /**
     * The server and namespace named by a URL.
     *
     * @param url the URL the coordinators use, with the namespace
     * @param namespace the key prefix of the coordinators
     * @param ownNamespace whether the namespace was made up here (and all its keys are deleted afterwards)
     */
    record Target(
            String url,
            String host,
            int port,
            int db,
            String user,
            String password,
            String namespace,
            boolean ownNamespace) {

        static Target of(String url) {
            ConnectionUrl u = ConnectionUrl.parse(url);
            if (u.scheme().equals("rediss")) {
                throw new IllegalArgumentException("the benchmark's bare Jedis and Redisson clients do not do TLS here;"
                        + " benchmark a plain (loopback) server with redis://");
            }
            BenchUrls.require(u.scheme().equals("redis"), "RedisBench", "a redis:// URL", url);
            Map<String, List<String>> q = u.query();
            if (q.containsKey("ssl") && Boolean.parseBoolean(last(q, "ssl"))) {
                throw new IllegalArgumentException("the benchmark's bare Jedis and Redisson clients do not do TLS here;"
                        + " benchmark a plain (loopback) server");
            }
            BenchUrls.require(u.hosts().size() == 1, "RedisBench", "one HOST:PORT in the URL", url);
            ConnectionUrl.HostPort hp = u.hosts().get(0);
            boolean own = !q.containsKey("namespace");
            String ns = own ? "_tooz_bench_" + UUID.randomUUID() : last(q, "namespace");
            String full = own ? url + (url.contains("?") ? "&" : "?") + "namespace=" + ns : url;
            int db = q.containsKey("db") ? Integer.parseInt(last(q, "db")) : 0;
            return new Target(
                    full,
                    hp.host(),
                    hp.portOr(6379),
                    db,
                    u.user().filter(s -> !s.isEmpty()).orElse(null),
                    u.password().orElse(null),
                    ns,
                    own);
        }

        private static String last(Map<String, List<String>> q, String key) {
            List<String> values = q.get(key);
            return values.get(values.size() - 1);
        }

        String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        JedisClientConfig config(String clientName) {
            return DefaultJedisClientConfig.builder()
                    .user(user)
                    .password(password)
                    .database(db)
                    .clientName(clientName)
                    .socketTimeoutMillis(10_000)
                    .connectionTimeoutMillis(5_000)
                    .build();
        }
    }

    /** One bare connection, checked with PING; an unreachable server is a {@link ToozConnectionException}. */
    static Jedis connect(Target t, String clientName) {
        Jedis j = null;
        try {
            j = new Jedis(new HostAndPort(t.host(), t.port()), t.config(clientName)); // connects
            j.ping();
            return j;
        } catch (JedisException e) {
            if (j != null) {
                j.close();
            }
            throw new ToozConnectionException(
                    "cannot reach Redis at " + t.address() + ": " + e.getMessage()
                            + " (is redis-server running? scripts/backends.sh up redis starts one)",
                    e);
        }
    }

    /** A Jedis pool of {@code size} connections, as tooz's driver uses. */
    static JedisPooled pool(Target t, String clientName, int size) {
        ConnectionPoolConfig pc = new ConnectionPoolConfig();
        pc.setMaxTotal(size);
        pc.setMaxIdle(size);
        pc.setJmxEnabled(false);
        return new JedisPooled(new HostAndPort(t.host(), t.port()), t.config(clientName), pc);
    }

    /**
     * A Redisson client on the same server; {@code threads} bounds its Netty and executor threads (0: Redisson's
     * defaults), {@code connections} its command connections (0: Redisson's defaults).
     */
    static RedissonClient redisson(Target t, String clientName, int threads, int connections) {
        Config config = new Config();
        if (threads > 0) {
            config.setNettyThreads(threads).setThreads(threads);
        }
        SingleServerConfig s = config.useSingleServer()
                .setAddress("redis://" + t.address())
                .setDatabase(t.db())
                .setClientName(clientName);
        if (connections > 0) {
            s.setConnectionPoolSize(connections)
                    .setConnectionMinimumIdleSize(1)
                    .setSubscriptionConnectionPoolSize(1)
                    .setSubscriptionConnectionMinimumIdleSize(1);
        }
        if (t.user() != null) {
            s.setUsername(t.user());
        }
        if (t.password() != null) {
            s.setPassword(t.password());
        }
        return Redisson.create(config);
    }

    /**
     * The raw floor of one lock round on {@code key}: {@code SET key token NX PX 30000}, then the compare-and-delete
     * script by SHA-1 ({@code EVALSHA}, {@code sha} from {@link #loadCompareAndDelete}); a fresh token each time.
     */
    static Op rawLock(JedisCommands j, String sha, String key, String tokenPrefix) {
        List<String> keys = List.of(key);
        SetParams nxPx = SetParams.setParams().nx().px(LOCK_MS);
        AtomicLong n = new AtomicLong();
        return () -> {
            String token = tokenPrefix + n.incrementAndGet();
            if (!"OK".equals(j.set(key, token, nxPx))) {
                throw new IllegalStateException("raw floor: " + key + " is taken");
            }
            if (((Number) j.evalsha(sha, keys, List.of(token))).longValue() != 1) {
                throw new IllegalStateException("raw floor: " + key + " was not ours to delete");
            }
        };
    }

    /** Loads the compare-and-delete script (into the server's script cache, shared by all connections). */
    static String loadCompareAndDelete(Jedis j) {
        return j.scriptLoad(COMPARE_AND_DELETE);
    }

    static String serverVersion(Jedis j) {
        return j.info("server")
                .lines()
                .filter(l -> l.startsWith("redis_version:"))
                .map(l -> "Redis " + l.substring("redis_version:".length()).trim())
                .findFirst()
                .orElse("version unknown");
    }

    /** Deletes every key starting with {@code prefix} and says so (or why not). */
    static void cleanUp(PrintStream out, Jedis j, String prefix) {
        try {
            out.printf("cleanup: deleted %d keys under %s*%n", cleanUp(j, prefix), prefix);
        } catch (RuntimeException e) {
            out.println("cleanup: could not delete the keys under " + prefix + "*: " + e.getMessage());
        }
    }

    /** Deletes every key starting with {@code prefix} (SCAN MATCH + DEL); the number deleted. */
    static long cleanUp(Jedis j, String prefix) {
        ScanParams match = new ScanParams().match(glob(prefix) + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        long deleted = 0;
        do {
            ScanResult<String> page = j.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                deleted += j.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return deleted;
    }

    /** {@code s} as a literal in a Redis glob pattern. */
    static String glob(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
