package io.tooz.driver.memcached;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Python tooz's locks ({@code add} of {@code __TOOZ_LOCK_<N>} = member id, with a TTL), made safe: a grant remembers
 * the key's CAS unique, and release and refresh act only while it is unchanged, so an old holder never deletes or
 * extends a lock that expired and went to someone else. Release is a {@code cas} with a negative expiry, memcached's
 * only atomic compare-and-delete. Fencing tokens come from a counter {@code __TOOZ_FENCE_<N>} ({@code incr}, created
 * with {@code add}). Waiting polls with backoff: memcached has no notifications.
 */
final class MemcachedLocks implements DriverLocks {
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** memcached 1.6 reports an uptime about 2 s ahead of its start, read with a 1 s tick. */
    static final long UPTIME_HEAD_START_SECONDS = 3;

    /** A grant's bookkeeping: the key, its value and CAS unique at the grant, and its TTL. */
    private record Grant(String key, byte[] holder, long cas, int ttlSeconds) {}

    private final MemcachedDriver driver;

    MemcachedLocks(MemcachedDriver driver) {
        this.driver = driver;
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        long start = System.nanoTime();
        long pause = FIRST_PAUSE_NANOS;
        long pauseMax = driver.settings().lockPollMax().toNanos();
        while (true) {
            Optional<DriverLease> lease = tryAcquire(id, holder);
            if (lease.isPresent()) {
                return lease;
            }
            long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return Optional.empty();
            }
            long jittered = pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(jittered, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToozException("interrupted waiting for lock " + id.name(), e);
            }
            pause = Math.min(pause * 2, pauseMax);
        }
    }

    private Optional<DriverLease> tryAcquire(LockId id, String holder) {
        MemcachedClient c = driver.client();
        String key = MemcachedKeys.lock(id);
        byte[] value = holder.getBytes(StandardCharsets.UTF_8);
        int ttl = ttlSeconds(id);
        long sent = System.nanoTime();
        if (!c.add(key, MemcachedValues.RAW, ttl, value)) {
            return Optional.empty();
        }
        OptionalLong next = nextToken(c, id, ttl);
        if (next.isEmpty()) {
            c.delete(key); // ours since the add: a restarted server may not grant yet
            return Optional.empty();
        }
        long token = next.getAsLong();
        Optional<MemcachedItem> now = c.gets(key);
        if (now.isEmpty() || !Arrays.equals(now.get().value(), value)) {
            return Optional.empty(); // broken at once: as if never granted
        }
        return Optional.of(
                new DriverLease(id, token, new Grant(key, value, now.get().cas(), ttl), sent));
    }

    /**
     * The next fencing token; empty while the server is too young to grant. A missing counter means the first grant
     * of this lock, an eviction, or a restart that lost every key: a holder the server forgot may believe in its grant
     * until its TTL ends, so a server up for less than a lock TTL grants nothing (its {@code uptime} is counted from
     * about {@value #UPTIME_HEAD_START_SECONDS} s before it started, hence the allowance).
     */
    private OptionalLong nextToken(MemcachedClient c, LockId id, int ttlSeconds) {
        String key = MemcachedKeys.fence(id);
        while (true) {
            OptionalLong next = c.incr(key, 1);
            if (next.isPresent()) {
                return next;
            }
            if (c.uptimeSeconds() - UPTIME_HEAD_START_SECONDS < ttlSeconds) {
                return OptionalLong.empty();
            }
            // a new (or evicted) counter starts from the clock, so it stays above tokens granted before an eviction
            long seed = driver.clock().millis() * 1000;
            if (c.add(key, MemcachedValues.RAW, 0, Long.toString(seed).getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(seed);
            }
        }
    }

    private int ttlSeconds(LockId id) {
        return MemcachedSettings.seconds(leaseTtl(id).orElseThrow());
    }

    /** At least the configured timeout: {@link MemcachedSettings#seconds} rounds up and adds memcached's tick. */
    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        MemcachedSettings s = driver.settings();
        return Optional.of(id.kind() == LockId.Kind.LEADER ? s.leaderTimeout() : s.lockTimeout());
    }

    @Override
    public boolean release(DriverLease lease) {
        Grant g = (Grant) lease.handle();
        return driver.client().cas(g.key(), MemcachedValues.RAW, -1, g.holder(), g.cas())
                == MemcachedClient.CasResult.STORED;
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Grant g = (Grant) lease.handle();
        return driver.client().gets(g.key()).map(i -> i.cas() == g.cas()).orElse(false);
    }

    @Override
    public Optional<String> holder(LockId id) {
        String key = MemcachedKeys.lock(id);
        return driver.client().gets(key).map(i -> MemcachedValues.text(i, key));
    }

    @Override
    public OptionalLong lastFencingToken(LockId id) {
        return driver.client()
                .gets(MemcachedKeys.fence(id))
                .map(i -> OptionalLong.of(Long.parseLong(new String(i.value(), StandardCharsets.US_ASCII).trim())))
                .orElse(OptionalLong.empty());
    }

    /**
     * Extends each grant still unchanged ({@code gets} then {@code touch}, which keeps the CAS unique). A grant found
     * changed is lost: broken if a break left its mark, else expired. One that cannot be checked is the core's to
     * expire at its deadline.
     */
    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        Set<DriverLease> expired = new HashSet<>();
        for (DriverLease lease : leases) {
            Grant g = (Grant) lease.handle();
            MemcachedClient c = driver.client();
            boolean mine = c.gets(g.key()).map(i -> i.cas() == g.cas()).orElse(false);
            if (!mine || !c.touch(g.key(), g.ttlSeconds())) {
                if (wasBroken(c, lease)) {
                    driver.context().events().leaseLost(lease, LossReason.BROKEN);
                } else {
                    expired.add(lease);
                }
            }
        }
        return expired;
    }

    private static boolean wasBroken(MemcachedClient c, DriverLease lease) {
        Grant g = (Grant) lease.handle();
        return c.gets(MemcachedKeys.broken(lease.id()))
                .map(i -> new String(i.value(), StandardCharsets.US_ASCII).equals(Long.toUnsignedString(g.cas())))
                .orElse(false);
    }

    @Override
    public boolean forceBreak(LockId id) {
        MemcachedClient c = driver.client();
        String key = MemcachedKeys.lock(id);
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            Optional<MemcachedItem> now = c.gets(key);
            if (now.isEmpty()) {
                return false;
            }
            // mark which grant is broken (for its holder's refresh), then remove exactly that grant
            c.set(
                    MemcachedKeys.broken(id),
                    MemcachedValues.RAW,
                    ttlSeconds(id) * 2,
                    Long.toUnsignedString(now.get().cas()).getBytes(StandardCharsets.US_ASCII));
            if (c.cas(key, now.get().flags(), -1, now.get().value(), now.get().cas())
                    == MemcachedClient.CasResult.STORED) {
                return true;
            }
        }
    }
}
