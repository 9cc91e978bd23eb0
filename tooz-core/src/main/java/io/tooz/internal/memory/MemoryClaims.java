package io.tooz.internal.memory;

import io.tooz.spi.DriverClaims;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The claim ledger of the memory driver: one map per backend, entries expire after their TTL. */
final class MemoryClaims implements DriverClaims {
    private final MemoryDriver driver;
    private final MemoryBackend b;
    private final AtomicLong requests = new AtomicLong();

    MemoryClaims(MemoryDriver driver) {
        this.driver = driver;
        this.b = driver.backend();
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        requests.incrementAndGet();
        long now = System.nanoTime();
        long expires = now + ttl.toNanos();
        Map<String, Long> claimed = new LinkedHashMap<>();
        driver.enter();
        try {
            for (String task : tasks) {
                MemoryBackend.ClaimKey key = new MemoryBackend.ClaimKey(namespace, periodStartMillis, task);
                MemoryBackend.ClaimEntry old = b.claims.get(key);
                if (old == null || old.expiresNanos() - now <= 0) {
                    long token = ++b.claimTokens;
                    b.claims.put(key, new MemoryBackend.ClaimEntry(holder, token, expires));
                    claimed.put(task, token);
                }
            }
        } finally {
            b.exit();
        }
        return claimed;
    }

    @Override
    public Optional<Claim> read(String namespace, long periodStartMillis, String task) {
        requests.incrementAndGet();
        driver.enter();
        try {
            MemoryBackend.ClaimEntry e = b.claims.get(new MemoryBackend.ClaimKey(namespace, periodStartMillis, task));
            if (e == null || e.expiresNanos() - System.nanoTime() <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Claim(e.holder(), e.token()));
        } finally {
            b.exit();
        }
    }

    @Override
    public void sweep(String namespace, long beforeMillis) {
        requests.incrementAndGet();
        long now = System.nanoTime();
        driver.enter();
        try {
            b.claims.entrySet().removeIf(e -> e.getValue().expiresNanos() - now <= 0);
        } finally {
            b.exit();
        }
    }

    @Override
    public long requests() {
        return requests.get();
    }
}
