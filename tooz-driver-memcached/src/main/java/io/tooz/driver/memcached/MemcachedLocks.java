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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Python tooz's locks ({@code add} of {@code __TOOZ_LOCK_<N>} = member id, with a TTL), made safe: a grant remembers
 * the key's CAS unique, and release and refresh act only while it is unchanged, so an old holder never deletes or
 * extends a lock that expired and went to someone else. Fencing tokens come from a counter {@code __TOOZ_FENCE_<N>}
 * (incremented; created with {@code add}). From memcached 1.6.10 a plain lock's grant is one pipelined round trip of
 * meta commands and its release one {@code md C<cas>}; older servers, and leaderships, use the text commands ({@code
 * add}, {@code incr}, {@code gets}; release by a {@code cas} with a negative expiry). Waiting polls with backoff:
 * memcached has no notifications.
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
        if (id.kind() != LockId.Kind.LEADER) { // a leadership's counter must count grants only: see lastFencingToken
            List<MetaReply> r = c.metaIfSupported(List.of(
                    MetaCommand.set(key, value, "T" + ttl + " ME c"),
                    MetaCommand.increment(MemcachedKeys.fence(id)),
                    MetaCommand.get(key, "c v")));
            if (r != null) {
                return metaGrant(c, id, value, ttl, r, sent);
            }
        }
        if (!c.add(key, MemcachedValues.RAW, ttl, value)) {
            return Optional.empty();
        }
        return fence(c, id, value, ttl, OptionalLong.empty(), sent);
    }

    /**
     * Reads the replies to one pipelined grant: {@code ms} in add mode, {@code ma} of the counter, {@code mg} of the
     * lock. The token counts only if the lock still holds the version stored by this {@code ms} after the increment
     * (a grant that expired in between is void, so tokens rise in grant order). A failed {@code ms} spends a token for
     * nothing: tokens rise, not densely. A missing counter takes the text path's way to a first token.
     */
    private Optional<DriverLease> metaGrant(
            MemcachedClient c, LockId id, byte[] value, int ttl, List<MetaReply> r, long sent) {
        MetaReply stored = r.get(0);
        MetaReply token = r.get(1);
        MetaReply now = r.get(2);
        if (!stored.is("HD")) {
            return Optional.empty(); // NS: held
        }
        if (!token.is("VA")) {
            OptionalLong cas = stored.casIfAny();
            return fence(c, id, value, ttl, cas, sent);
        }
        boolean mine = now.hit()
                && Arrays.equals(now.value(), value)
                && stored.casIfAny().orElse(now.cas()) == now.cas();
        if (!mine) {
            return Optional.empty(); // broken or expired at once: as if never granted
        }
        long next = Long.parseUnsignedLong(new String(token.value(), StandardCharsets.US_ASCII).trim());
        return Optional.of(new DriverLease(id, next, new Grant(MemcachedKeys.lock(id), value, now.cas(), ttl), sent));
    }

    /**
     * After storing the lock (with CAS unique {@code cas} if known): the next token from the counter, then a check that
     * the lock is still this grant. A server too young to grant gets the lock back.
     */
    private Optional<DriverLease> fence(
            MemcachedClient c, LockId id, byte[] value, int ttl, OptionalLong cas, long sent) {
        String key = MemcachedKeys.lock(id);
        OptionalLong next = nextToken(c, id, ttl);
        if (next.isEmpty()) {
            if (cas.isPresent()) {
                remove(c, new Grant(key, value, cas.getAsLong(), ttl));
            } else {
                c.delete(key); // ours since the add: a restarted server may not grant yet
            }
            return Optional.empty();
        }
        Optional<MemcachedItem> now = c.gets(key);
        if (now.isEmpty()
                || !Arrays.equals(now.get().value(), value)
                || (cas.isPresent() && cas.getAsLong() != now.get().cas())) {
            return Optional.empty(); // broken at once: as if never granted
        }
        return Optional.of(new DriverLease(
                id, next.getAsLong(), new Grant(key, value, now.get().cas(), ttl), sent));
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
        return remove(driver.client(), (Grant) lease.handle());
    }

    /**
     * Deletes the lock only while it is still {@code g}'s version: {@code md C<cas>}, or before memcached 1.6.10 a
     * {@code cas} with a negative expiry, the text protocol's only compare-and-delete.
     */
    private static boolean remove(MemcachedClient c, Grant g) {
        List<MetaReply> r = c.metaIfSupported(List.of(MetaCommand.deleteIf(g.key(), g.cas())));
        if (r != null) {
            return r.get(0).is("HD");
        }
        return c.cas(g.key(), MemcachedValues.RAW, -1, g.holder(), g.cas()) == MemcachedClient.CasResult.STORED;
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

    /**
     * A leadership's counter: its grants take the text path, which increments only for a grant. A plain lock's counter
     * also counts failed meta grants, so it tells no grant's token: empty.
     */
    @Override
    public OptionalLong lastFencingToken(LockId id) {
        if (id.kind() != LockId.Kind.LEADER) {
            return OptionalLong.empty();
        }
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
