package io.tooz.driver.memcached;

import io.tooz.SerializationException;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memcached commands tooz needs (get, gets, add, pipelined adds, set, cas, delete, incr, touch, stats, and
 * pipelined meta commands) over a pool of at most {@code max_pool_size} connections. Every failure is translated here: I/O to {@link ToozConnectionException} naming the
 * server, protocol errors to {@link ToozException} naming the command and key.
 */
final class MemcachedClient implements AutoCloseable {
    /** What a {@code cas} answered. */
    enum CasResult {
        STORED,
        EXISTS,
        NOT_FOUND
    }

    private static final int GET_BATCH = 100;
    private static final int ADD_BATCH = 500;
    static final int META_BATCH = 100;

    private final String host;
    private final int port;
    private final String address;
    private final Duration timeout;
    private final MemcachedTls tls;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<MemcachedConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private volatile boolean closed;
    /** The oldest release {@link #metaIfSupported} sends to; tests raise it to drive the text path on a new server. */
    private volatile MemcachedVersion metaSince = MemcachedVersion.FULL_META;

    MemcachedClient(String host, int port, Duration timeout, int maxPoolSize) {
        this(host, port, timeout, maxPoolSize, null);
    }

    /** A client whose connections use TLS if {@code tls} is not null. */
    MemcachedClient(String host, int port, Duration timeout, int maxPoolSize, MemcachedTls tls) {
        this.host = host;
        this.port = port;
        this.address = host + ":" + port;
        this.timeout = timeout;
        this.tls = tls;
        this.permits = new Semaphore(maxPoolSize, true);
    }

    String address() {
        return address;
    }

    /**
     * Opens one connection now and asks the server its version, so that a server that is down, or a port of another
     * service, fails at start with a connection error saying so.
     */
    void connect() {
        epoch.incrementAndGet();
        idle.push(MemcachedGreeting.open(host, port, timeout, tls));
    }

    /**
     * Counts connections opened and failed: unchanged between two calls, both reached the same server process. A
     * restarted memcached hands out CAS uniques from 1 again, so a CAS unique read before a restart may match an
     * unrelated item after it; {@link #meta} refuses to send a CAS read in another epoch.
     */
    long epoch() {
        return epoch.get();
    }

    /** Requests sent and answered (a pipelined batch counts once): what a test checks an operation costs. */
    long roundTrips() {
        return roundTrips.get();
    }

    /**
     * Sends meta commands pipelined (in batches of {@value #META_BATCH}: sent at once, then their replies read) and
     * answers one reply per command, in order. With {@code ifEpoch} ≥ 0, answers {@code null} without sending
     * anything unless {@link #epoch()} still is {@code ifEpoch} on the connection about to be used.
     */
    List<MetaReply> meta(List<MetaCommand> commands, long ifEpoch) {
        String first = commands.get(0).line() + (commands.size() > 1 ? " (+" + (commands.size() - 1) + ")" : "");
        return call(first, c -> {
            if (ifEpoch >= 0 && ifEpoch != epoch.get()) {
                roundTrips.decrementAndGet(); // counted by call(), but nothing is sent
                return null;
            }
            List<MetaReply> out = MetaReply.exchange(c, commands, address());
            roundTrips.addAndGet((commands.size() - 1) / META_BATCH);
            return out;
        });
    }

    /**
     * Like {@link #meta} without an epoch, but only on a connection to memcached 1.6.10 or later ({@link
     * MemcachedVersion#FULL_META}; asked once per connection: the first time, one more round trip);
     * answers {@code null}, having sent nothing, to an older server, whose caller uses the text commands instead.
     */
    List<MetaReply> metaIfSupported(List<MetaCommand> commands) {
        String first = commands.get(0).line() + (commands.size() > 1 ? " (+" + (commands.size() - 1) + ")" : "");
        return call(first, c -> {
            if (c.knownVersion() == null) {
                roundTrips.incrementAndGet();
            }
            if (c.version().compareTo(metaSince) < 0) {
                roundTrips.decrementAndGet(); // counted by call(), but nothing is sent
                return null;
            }
            List<MetaReply> out = MetaReply.exchange(c, commands, address());
            roundTrips.addAndGet((commands.size() - 1) / META_BATCH);
            return out;
        });
    }

    /** For tests: treat servers older than {@code v} as lacking the meta commands locks use. */
    void metaSince(MemcachedVersion v) {
        metaSince = v;
    }

    Optional<MemcachedItem> gets(String key) {
        return Optional.ofNullable(getMany("gets", List.of(key)).get(key));
    }

    /** Values of many keys in one round trip; absent keys are missing from the map. */
    Map<String, MemcachedItem> getMany(Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        Map<String, MemcachedItem> out = new HashMap<>();
        for (int i = 0; i < all.size(); i += GET_BATCH) {
            out.putAll(getMany("get", all.subList(i, Math.min(all.size(), i + GET_BATCH))));
        }
        return out;
    }

    private Map<String, MemcachedItem> getMany(String verb, Collection<String> keys) {
        String line = verb + " " + String.join(" ", keys);
        return call(line, c -> {
            c.send(line, null);
            Map<String, MemcachedItem> out = new HashMap<>();
            while (true) {
                String reply = c.readLine();
                if (reply.equals("END")) {
                    return out;
                }
                String[] f = reply.split(" ");
                if (!f[0].equals("VALUE") || f.length < 4) {
                    throw unexpected(line, reply);
                }
                byte[] data = c.readData(Integer.parseInt(f[3]));
                long cas = f.length > 4 ? Long.parseUnsignedLong(f[4]) : 0;
                out.put(f[1], new MemcachedItem(data, Integer.parseUnsignedInt(f[2]), cas));
            }
        });
    }

    /** Stores only if absent; {@code false} if the key exists. */
    boolean add(String key, int flags, int expiry, byte[] value) {
        return store("add " + key + " " + flags + " " + expiry + " " + value.length, value) == CasResult.STORED;
    }

    /**
     * {@code add}s many items, pipelined: each chunk of commands is sent at once, then its replies read. Answers, per
     * key in order, whether it was stored ({@code false}: it existed).
     */
    boolean[] addAll(List<String> keys, int flags, int expiry, List<byte[]> values) {
        boolean[] stored = new boolean[keys.size()];
        for (int from = 0; from < keys.size(); from += ADD_BATCH) {
            int to = Math.min(keys.size(), from + ADD_BATCH);
            int start = from;
            String first = "add " + keys.get(from) + " " + flags + " " + expiry + " (" + (to - from) + " keys)";
            call(first, c -> {
                for (int i = start; i < to; i++) {
                    c.queue(
                            "add " + keys.get(i) + " " + flags + " " + expiry + " " + values.get(i).length,
                            values.get(i));
                }
                c.flush();
                for (int i = start; i < to; i++) {
                    String reply = c.readLine();
                    switch (reply) {
                        case "STORED" -> stored[i] = true;
                        case "NOT_STORED" -> stored[i] = false;
                        default -> throw unexpected("add " + keys.get(i), reply);
                    }
                }
                return null;
            });
        }
        return stored;
    }

    void set(String key, int flags, int expiry, byte[] value) {
        store("set " + key + " " + flags + " " + expiry + " " + value.length, value);
    }

    /** Stores only if the item's CAS unique is still {@code cas}; a negative expiry deletes it at once. */
    CasResult cas(String key, int flags, int expiry, byte[] value, long cas) {
        return store(
                "cas " + key + " " + flags + " " + expiry + " " + value.length + " " + Long.toUnsignedString(cas),
                value);
    }

    private CasResult store(String line, byte[] value) {
        return call(line, c -> {
            c.send(line, value);
            String reply = c.readLine();
            return switch (reply) {
                case "STORED" -> CasResult.STORED;
                case "EXISTS", "NOT_STORED" -> CasResult.EXISTS;
                case "NOT_FOUND" -> CasResult.NOT_FOUND;
                default -> throw reply.startsWith("SERVER_ERROR object too large")
                        ? tooLarge(line, value.length)
                        : unexpected(line, reply);
            };
        });
    }

    /** {@code true} if the key existed. */
    boolean delete(String key) {
        String line = "delete " + key;
        return call(line, c -> {
            c.send(line, null);
            String reply = c.readLine();
            return switch (reply) {
                case "DELETED" -> true;
                case "NOT_FOUND" -> false;
                default -> throw unexpected(line, reply);
            };
        });
    }

    /** The incremented value, or empty if the key is absent. */
    OptionalLong incr(String key, long delta) {
        String line = "incr " + key + " " + delta;
        return call(line, c -> {
            c.send(line, null);
            String reply = c.readLine();
            if (reply.equals("NOT_FOUND")) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseUnsignedLong(reply));
            } catch (NumberFormatException e) {
                throw unexpected(line, reply);
            }
        });
    }

    /** The server's {@code uptime} statistic, in seconds. */
    long uptimeSeconds() {
        String line = "stats";
        return call(line, c -> {
            c.send(line, null);
            long uptime = -1;
            for (String reply = c.readLine(); !reply.equals("END"); reply = c.readLine()) {
                if (reply.startsWith("STAT uptime ")) {
                    uptime = Long.parseLong(
                            reply.substring("STAT uptime ".length()).trim());
                } else if (!reply.startsWith("STAT ")) {
                    throw unexpected(line, reply);
                }
            }
            if (uptime < 0) {
                throw unexpected(line, "no uptime");
            }
            return uptime;
        });
    }

    /** Sets a new expiry; {@code false} if the key is absent. Keeps the CAS unique. */
    boolean touch(String key, int expiry) {
        String line = "touch " + key + " " + expiry;
        return call(line, c -> {
            c.send(line, null);
            String reply = c.readLine();
            return switch (reply) {
                case "TOUCHED" -> true;
                case "NOT_FOUND" -> false;
                default -> throw unexpected(line, reply);
            };
        });
    }

    private interface Exchange<T> {
        T run(MemcachedConnection c) throws IOException;
    }

    /**
     * Runs one exchange on a pooled connection. A connection that fails is dropped with every idle one (after a
     * restart they are all dead), and a command that failed on a pooled connection other than by a timeout is tried
     * once more on a new one: the server most likely closed that connection before the command reached it. A timeout
     * is never tried again, so every call ends within {@code timeout}.
     */
    private <T> T call(String line, Exchange<T> exchange) {
        if (closed) {
            throw new ToozConnectionException("memcached client for " + address() + " is closed");
        }
        acquirePermit(line);
        try {
            for (int attempt = 0; ; attempt++) {
                MemcachedConnection c = idle.poll();
                boolean pooled = c != null;
                try {
                    if (c == null) {
                        epoch.incrementAndGet();
                        c = MemcachedConnection.open(host, port, timeout, tls);
                    }
                    roundTrips.incrementAndGet();
                    T result = exchange.run(c);
                    if (closed) {
                        c.close();
                    } else {
                        idle.push(c);
                    }
                    return result;
                } catch (IOException e) {
                    epoch.incrementAndGet();
                    if (c != null) {
                        c.close();
                    }
                    dropIdle();
                    // a server that did not answer in time is not asked again: that would double the wait
                    boolean stale = pooled && attempt == 0 && !(e instanceof java.net.SocketTimeoutException);
                    if (!stale) {
                        throw new ToozConnectionException(
                                "memcached at " + address() + " failed on '" + brief(line) + "': " + e, e);
                    }
                } catch (RuntimeException e) {
                    if (c != null) {
                        c.close();
                    }
                    throw e instanceof ToozException t
                            ? t
                            : new ToozException(
                                    "memcached at " + address() + " sent a bad reply to '" + brief(line) + "': " + e,
                                    e);
                }
            }
        } finally {
            permits.release();
        }
    }

    private void acquirePermit(String line) {
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ToozConnectionException("no free connection to memcached at " + address() + " within "
                        + timeout.toMillis() + " ms for '" + brief(line) + "' (max_pool_size)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted waiting for a connection to memcached at " + address(), e);
        }
    }

    private void dropIdle() {
        for (MemcachedConnection c; (c = idle.poll()) != null; ) {
            c.close();
        }
    }

    private ToozException tooLarge(String line, int bytes) {
        return new SerializationException("memcached at " + address() + " cannot store " + bytes + " bytes under key "
                + brief(line).split(" ")[1] + ": more than its item size limit (1 MB unless memcached was started with"
                + " a larger -I). tooz keeps a group's members with their capabilities in one item: store less in"
                + " capabilities, or raise -I on the server");
    }

    private ToozException unexpected(String line, String reply) {
        return new ToozException("memcached at " + address() + " answered '" + reply + "' to '" + brief(line) + "'");
    }

    static String brief(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    @Override
    public void close() {
        closed = true;
        dropIdle();
    }
}
