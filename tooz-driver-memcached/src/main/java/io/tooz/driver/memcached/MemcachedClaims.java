package io.tooz.driver.memcached;

import io.tooz.ToozException;
import io.tooz.spi.DriverClaims;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The periodic scheduler's claims: a batch reserves its tokens with one {@code incr} of the namespace's counter, then
 * pipelines one {@code add} per task of {@code <token>:<holder>} with the claim's TTL; memcached expires them itself.
 */
final class MemcachedClaims implements DriverClaims {
    /** Memcached reads a larger expiry as an absolute Unix time. */
    private static final int MAX_RELATIVE_EXPIRY = 30 * 24 * 3600;

    private final MemcachedDriver driver;
    private final AtomicLong requests = new AtomicLong();

    MemcachedClaims(MemcachedDriver driver) {
        this.driver = driver;
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        Map<String, Long> claimed = new LinkedHashMap<>();
        if (tasks.isEmpty()) {
            return claimed;
        }
        MemcachedClient c = driver.client();
        long first = reserve(c, MemcachedKeys.claimTokens(namespace), tasks.size());
        List<String> keys = new ArrayList<>(tasks.size());
        List<byte[]> values = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            keys.add(MemcachedKeys.claim(namespace, periodStartMillis, tasks.get(i)));
            values.add(((first + i) + ":" + holder).getBytes(StandardCharsets.UTF_8));
        }
        requests.addAndGet(tasks.size());
        boolean[] stored = c.addAll(keys, MemcachedValues.RAW, expiry(ttl), values);
        for (int i = 0; i < tasks.size(); i++) {
            if (stored[i]) {
                claimed.put(tasks.get(i), first + i);
            }
        }
        return claimed;
    }

    /**
     * Reserves {@code n} tokens: one {@code incr} by {@code n}, answering the first. A missing counter (new, evicted,
     * or lost in a restart) starts from the clock in milliseconds × 1000, as the locks' fencing counters do, so tokens
     * stay above those given before unless more than a thousand were drawn a millisecond.
     */
    private long reserve(MemcachedClient c, String key, int n) {
        while (true) {
            requests.incrementAndGet();
            OptionalLong last = c.incr(key, n);
            if (last.isPresent()) {
                return last.getAsLong() - n + 1;
            }
            long seed = driver.clock().millis() * 1000;
            requests.incrementAndGet();
            byte[] value = Long.toString(seed + n - 1).getBytes(StandardCharsets.US_ASCII);
            if (c.add(key, MemcachedValues.RAW, 0, value)) {
                return seed;
            }
        }
    }

    /** At least the TTL (see {@link MemcachedSettings#seconds}); past 30 days as the absolute time memcached wants. */
    private int expiry(Duration ttl) {
        int seconds = MemcachedSettings.seconds(ttl);
        if (seconds <= MAX_RELATIVE_EXPIRY) {
            return seconds;
        }
        long at = driver.clock().millis() / 1000 + seconds;
        return (int) Math.min(Integer.MAX_VALUE, at);
    }

    @Override
    public Optional<Claim> read(String namespace, long periodStartMillis, String task) {
        String key = MemcachedKeys.claim(namespace, periodStartMillis, task);
        requests.incrementAndGet();
        return driver.client().getMany(List.of(key)).values().stream()
                .findFirst()
                .map(item -> parse(key, new String(MemcachedValues.raw(item, key), StandardCharsets.UTF_8)));
    }

    private Claim parse(String key, String value) {
        int colon = value.indexOf(':');
        try {
            return new Claim(value.substring(colon + 1), Long.parseLong(value.substring(0, colon)));
        } catch (RuntimeException e) {
            throw new ToozException("memcached at " + driver.settings().address() + " holds '" + value
                    + "' at claim key " + key + ", not '<token>:<holder>'");
        }
    }

    /** Memcached expires claims by their TTL. */
    @Override
    public void sweep(String namespace, long beforeMillis) {}

    @Override
    public long requests() {
        return requests.get();
    }
}
