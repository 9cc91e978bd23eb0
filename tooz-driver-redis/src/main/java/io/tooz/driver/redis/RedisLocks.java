package io.tooz.driver.redis;

import static io.tooz.driver.redis.RedisCommands.bytes;
import static io.tooz.driver.redis.RedisCommands.number;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.internal.memo.BoundedMemo;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Locks at Python tooz's keys ({@code SET NX PX}, compare-and-delete release, compare-and-{@code PEXPIRE} refresh),
 * each grant a script that also advances the lock's fencing counter. A waiter registers in the lock's waiter set and
 * sleeps until a release publishes its token; a lock held by Python tooz (which publishes nothing) is re-tried every
 * 100 ms, as Python does.
 */
final class RedisLocks implements DriverLocks {
    static final String VALUE_PREFIX = "tooz:";
    private static final long WAITER_LEASE_MS = 5_000;
    private static final byte[] WAITER_LEASE = bytes(Long.toString(WAITER_LEASE_MS));
    private static final long WAITER_REFRESH_MS = 2_000;
    private static final long FOREIGN_POLL_MS = 100;
    private static final byte[] NONE = new byte[0];
    /** How many locks' encoded keys are remembered ({@link BoundedMemo}). */
    private static final int REMEMBERED_LOCKS = 4096;

    private final RedisDriver driver;
    private final RedisKeys keys;
    private final RedisWakeups wakeups;
    private final AtomicLong grants = new AtomicLong();
    private final BoundedMemo<LockId, LockKeys> lockKeys = new BoundedMemo<>(REMEMBERED_LOCKS, this::lockKeys);

    RedisLocks(RedisDriver driver) {
        this.driver = driver;
        this.keys = driver.keys();
        this.wakeups = new RedisWakeups(driver, this::broken);
    }

    /** A lock's keys, and the other key format's, encoded once per lock for the acquire script. */
    private static final class LockKeys {
        final String key;
        final String otherKey;
        /** The lock key, its fence counter and its waiter set. */
        final List<byte[]> keys;

        final List<byte[]> keysAndOther;
        final byte[] channel;

        LockKeys(String key, String otherKey, String channel) {
            this.key = key;
            this.otherKey = otherKey;
            this.keys = List.of(bytes(key), bytes(RedisKeys.fence(key)), bytes(RedisKeys.waiters(key)));
            this.keysAndOther = List.of(keys.get(0), keys.get(1), keys.get(2), bytes(otherKey));
            this.channel = bytes(channel);
        }
    }

    private LockKeys lockKeys(LockId id) {
        String key = keys.lock(id);
        return new LockKeys(key, keys.otherFormatLock(id), keys.holderChannel(key));
    }

    /** The driver's bookkeeping for one grant. */
    static final class Held {
        final String key;
        final String value;
        /** The key, its waiters key and the value as sent, encoded once at the grant for release and refresh. */
        final byte[] keyBytes;

        final byte[] waitersBytes;
        final byte[] valueBytes;
        final byte[] channelBytes;

        Held(String key, String value, List<byte[]> keys, byte[] valueBytes, byte[] channelBytes) {
            this.key = key;
            this.value = value;
            this.keyBytes = keys.get(0);
            this.waitersBytes = keys.get(2);
            this.valueBytes = valueBytes;
            this.channelBytes = channelBytes;
        }
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        LockKeys lk = lockKeys.get(id);
        String key = lk.key;
        List<byte[]> k = lk.keys;
        String value = VALUE_PREFIX + driver.instance() + "." + grants.incrementAndGet() + ":" + holder;
        LockKeyFormatWarning warning = driver.lockKeyFormatWarning();
        String otherKey = warning.watchingLockKeys() ? lk.otherKey : null;
        List<byte[]> acquireKeys = otherKey == null ? k : lk.keysAndOther;
        byte[] valueBytes = bytes(value);
        byte[] channel = lk.channel;
        byte[] announce = id.kind() == LockId.Kind.LEADER ? channel : NONE; // a watched leader's new term
        long start = System.nanoTime();
        RedisWakeups.Waiter waiter = null;
        boolean granted = false;
        try {
            while (true) {
                String entry = waiter == null ? "" : waiter.entry;
                long sent = System.nanoTime();
                List<?> r = (List<?>) driver.commands()
                        .script(
                                RedisScript.LOCK_ACQUIRE,
                                "acquiring lock " + id.name(),
                                acquireKeys,
                                List.of(valueBytes, driver.lockMillis(), bytes(entry), WAITER_LEASE, announce));
                if (otherKey != null && number(r.get(r.size() - 1)) == 1) {
                    warning.otherLockKeyHeld(label(id), otherKey);
                }
                if (number(r.get(0)) == 1) {
                    DriverLease lease =
                            new DriverLease(id, number(r.get(1)), new Held(key, value, k, valueBytes, channel), sent);
                    granted = true; // the grant also removed our waiter entry
                    return Optional.of(lease);
                }
                if (timeoutNanos == 0) {
                    return Optional.empty();
                }
                long leftMs = timeoutNanos == Long.MAX_VALUE
                        ? Long.MAX_VALUE
                        : TimeUnit.NANOSECONDS.toMillis(timeoutNanos - (System.nanoTime() - start));
                if (leftMs <= 0) {
                    return Optional.empty();
                }
                if (waiter == null) {
                    waiter = wakeups.register(); // and look again, now queued, so no release is missed
                    continue;
                }
                long pttl = number(r.get(1));
                boolean javaHolder = number(r.get(2)) == 1;
                long sleep = javaHolder ? WAITER_REFRESH_MS : FOREIGN_POLL_MS;
                if (pttl >= 0) {
                    sleep = Math.min(sleep, pttl + 1);
                }
                waiter.await(Math.max(1, Math.min(sleep, leftMs)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for lock " + id.name(), e);
        } finally {
            if (waiter != null) {
                waiter.close();
                if (!granted) {
                    leaveQueue(key, waiter.entry);
                }
            }
        }
    }

    private static String label(LockId id) {
        return (id.kind() == LockId.Kind.LEADER ? "the leadership of group " : "lock ") + id.name();
    }

    private void leaveQueue(String key, String entry) {
        try {
            driver.commands()
                    .script(
                            RedisScript.LOCK_LEAVE_QUEUE,
                            "leaving the queue of " + key,
                            List.of(bytes(RedisKeys.waiters(key)), bytes(key)),
                            List.of(bytes(entry)));
        } catch (RuntimeException e) {
            // the entry expires with its lease
        }
    }

    @Override
    public boolean release(DriverLease lease) {
        Held h = (Held) lease.handle();
        return number(driver.commands()
                        .script(
                                RedisScript.LOCK_RELEASE,
                                "releasing lock " + lease.id().name(),
                                List.of(h.keyBytes, h.waitersBytes),
                                List.of(h.valueBytes, h.channelBytes)))
                == 1;
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Held h = (Held) lease.handle();
        return h.value.equals(
                driver.commands().call("checking lock " + lease.id().name(), r -> r.get(h.key)));
    }

    @Override
    public Optional<String> holder(LockId id) {
        String v = driver.commands().call("reading the holder of lock " + id.name(), r -> r.get(keys.lock(id)));
        return Optional.ofNullable(v).map(RedisLocks::holderOf);
    }

    /** The member id in a tooz-java lock value; a Python tooz holder shows as its redis-py token. */
    static String holderOf(String value) {
        if (value.startsWith(VALUE_PREFIX)) {
            int colon = value.indexOf(':', VALUE_PREFIX.length());
            if (colon > 0) {
                return value.substring(colon + 1);
            }
        }
        return value;
    }

    @Override
    public OptionalLong lastFencingToken(LockId id) {
        String key = RedisKeys.fence(keys.lock(id));
        String v = driver.commands().call("reading the fencing counter of " + id.name(), r -> r.get(key));
        return OptionalLong.of(v == null ? 0 : Long.parseLong(v));
    }

    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        return Optional.of(driver.settings().lockTimeout());
    }

    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        if (leases.isEmpty()) {
            return Set.of();
        }
        List<DriverLease> order = new ArrayList<>(leases);
        List<byte[]> k = new ArrayList<>();
        List<byte[]> args = new ArrayList<>();
        args.add(driver.lockMillis());
        for (DriverLease l : order) {
            Held h = (Held) l.handle();
            k.add(h.keyBytes);
            args.add(h.valueBytes);
        }
        List<?> lost = (List<?>)
                driver.commands().script(RedisScript.LOCK_REFRESH, "refreshing " + order.size() + " locks", k, args);
        return expiredOrBroken(lost, order, driver);
    }

    /**
     * Reads a refresh script's answer, pairs of (1-based position in {@code order}, 1 if broken): reports the broken
     * grants as lost and returns the expired ones.
     */
    static Set<DriverLease> expiredOrBroken(List<?> lost, List<DriverLease> order, RedisDriver driver) {
        Set<DriverLease> out = new HashSet<>();
        for (int i = 0; i + 1 < lost.size(); i += 2) {
            DriverLease l = order.get((int) number(lost.get(i)) - 1);
            if (number(lost.get(i + 1)) == 1) {
                driver.context().events().leaseLost(l, LossReason.BROKEN);
            } else {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public void watchLoss(DriverLease lease) {
        wakeups.ensureSubscribed(); // a break publishes "lost VALUE" on this coordinator's channel
    }

    /** This coordinator's wake-up channel, which also carries break notices for queue entries. */
    RedisWakeups wakeups() {
        return wakeups;
    }

    /** A break notice: the lock value, or the key of a queue entry, that someone broke. */
    private void broken(String value) {
        for (DriverLease l : driver.context().heldLeases()) {
            if (((Held) l.handle()).value.equals(value)) {
                driver.context().events().leaseLost(l, LossReason.BROKEN);
            }
        }
        for (DriverLease l : driver.context().heldQueueEntries()) {
            if (((RedisLockQueues.Entry) l.handle()).key.equals(value)) {
                driver.context().events().leaseLost(l, LossReason.BROKEN);
            }
        }
    }

    /**
     * Pushes a release, a break, and for a leadership a new grant, published by this driver's scripts on the lock's
     * holder channel; an expiry and Python tooz's changes publish nothing (the core reads again on its timer).
     */
    @Override
    public AutoCloseable watchHolder(LockId id, Runnable changed) {
        wakeups.ensureSubscribed(); // keeps the pub/sub connection up between watches (it ends with its last channel)
        return new RedisChannelWatch(driver.subscriber(), keys.holderChannel(keys.lock(id)), m -> true, changed);
    }

    @Override
    public boolean forceBreak(LockId id) {
        String key = keys.lock(id);
        return number(driver.commands()
                        .script(
                                RedisScript.LOCK_BREAK,
                                "breaking lock " + id.name(),
                                List.of(bytes(key), bytes(RedisKeys.waiters(key))),
                                List.of(
                                        bytes(keys.wakeChannelPrefix()),
                                        driver.lockMillis(),
                                        bytes(keys.holderChannel(key)))))
                == 1;
    }
}
