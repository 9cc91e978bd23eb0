package io.tooz.driver.redis;

import static io.tooz.driver.redis.RedisCommands.bytes;
import static io.tooz.driver.redis.RedisCommands.number;
import static io.tooz.driver.redis.RedisCommands.text;

import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read-write locks and semaphores: per name a sequence counter that never expires, one key per entry with the lock
 * TTL, and an index of the entries by sequence number, all under one hash tag ({@link RedisKeys#queue}). Joining,
 * listing, leaving, refreshing and breaking are one script each; a leave publishes the entry's number on the queue's
 * channel, which is what {@link #watchRemoval} hears.
 */
final class RedisLockQueues implements DriverLockQueues {
    private static final String BREAK_ALL = "*";

    private final RedisDriver driver;
    private final RedisKeys keys;
    private final RedisWakeups wakeups;

    RedisLockQueues(RedisDriver driver, RedisWakeups wakeups) {
        this.driver = driver;
        this.keys = driver.keys();
        this.wakeups = wakeups;
    }

    /** The driver's bookkeeping for one entry it made: its key, and its queue's keys and channel, encoded once. */
    static final class Entry {
        final String key;
        final byte[] keyBytes;
        final byte[] indexBytes;
        final byte[] sequenceBytes;
        final byte[] channelBytes;

        Entry(String base, long sequence) {
            this.key = RedisKeys.queueEntry(base, sequence);
            this.keyBytes = bytes(key);
            this.indexBytes = bytes(RedisKeys.queueIndex(base));
            this.sequenceBytes = bytes(Long.toString(sequence));
            this.channelBytes = bytes(RedisKeys.queueChannel(base));
        }
    }

    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        String base = keys.queue(id);
        byte[] value = bytes(driver.instance() + " " + tag + " " + holder);
        long sent = System.nanoTime();
        List<?> reply = (List<?>) driver.commands()
                .script(
                        RedisScript.QUEUE_ENQUEUE,
                        "joining the queue of " + what(id),
                        List.of(bytes(RedisKeys.queueCounter(base)), bytes(RedisKeys.queueIndex(base))),
                        List.of(
                                bytes(base),
                                value,
                                driver.lockMillis(),
                                bytes(tag),
                                bytes(RedisKeys.queueChannel(base))));
        long sequence = Long.parseLong(text((byte[]) reply.get(0)));
        DriverLease lease = new DriverLease(id, sequence, new Entry(base, sequence), sent);
        return new Enqueued(lease, entries(base, reply, 1));
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        String base = keys.queue(id);
        List<?> reply = (List<?>) driver.commands()
                .script(
                        RedisScript.QUEUE_ENTRIES,
                        "listing the queue of " + what(id),
                        List.of(bytes(RedisKeys.queueIndex(base))),
                        List.of(bytes(base), bytes(RedisKeys.queueChannel(base))));
        return entries(base, reply, 0);
    }

    /** Entries from a script's {@code seq, value, ...} reply, starting at {@code from}. */
    private List<QueueEntry> entries(String base, List<?> reply, int from) {
        List<QueueEntry> out = new ArrayList<>((reply.size() - from) / 2);
        for (int i = from; i + 1 < reply.size(); i += 2) {
            long sequence = Long.parseLong(text((byte[]) reply.get(i)));
            out.add(entry(RedisKeys.queueEntry(base, sequence), sequence, text((byte[]) reply.get(i + 1))));
        }
        return out;
    }

    /** An entry from its value {@code <coordinator> <tag> <holder>}; the handle is its key. */
    private QueueEntry entry(String key, long sequence, String value) {
        int tagAt = value.indexOf(' ');
        int holderAt = tagAt < 0 ? -1 : value.indexOf(' ', tagAt + 1);
        if (holderAt < 0) {
            throw new ToozException("Redis at " + driver.settings().address() + " holds '" + value + "' at " + key
                    + ", not '<coordinator> <tag> <holder>'");
        }
        return new QueueEntry(sequence, value.substring(holderAt + 1), value.substring(tagAt + 1, holderAt), key);
    }

    /**
     * Subscribes to the queue's channel, where every leave publishes the entry's number (a break {@code *}), then
     * checks that the entry still exists, so a leave between the caller's read and the subscription is not missed.
     */
    @Override
    public AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        String base = keys.queue(id);
        String sequence = Long.toString(entry.sequence());
        wakeups.ensureSubscribed(); // keeps the pub/sub connection up between waits (it ends with its last channel)
        RedisChannelWatch watch = new RedisChannelWatch(
                driver.subscriber(),
                RedisKeys.queueChannel(base),
                m -> m.equals(sequence) || m.equals(BREAK_ALL),
                removed);
        String key = RedisKeys.queueEntry(base, entry.sequence());
        try {
            if (!driver.commands().call("checking entry " + sequence + " of " + what(id), r -> r.exists(key))) {
                driver.context().scheduler().execute(removed); // not within the caller's registration
            }
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        return watch;
    }

    @Override
    public boolean release(DriverLease lease) {
        Entry e = (Entry) lease.handle();
        return number(driver.commands()
                        .script(
                                RedisScript.QUEUE_RELEASE,
                                "leaving the queue of " + what(lease.id()),
                                List.of(e.keyBytes, e.indexBytes),
                                List.of(e.sequenceBytes, e.channelBytes)))
                == 1;
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Entry e = (Entry) lease.handle();
        return driver.commands()
                .call("checking entry " + lease.fencingToken() + " of " + what(lease.id()), r -> r.exists(e.key));
    }

    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        return Optional.of(driver.settings().lockTimeout());
    }

    /** {@code PEXPIRE} of every entry in one script; a missing one is lost, {@code BROKEN} if a break took it. */
    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        if (leases.isEmpty()) {
            return Set.of();
        }
        List<DriverLease> order = new ArrayList<>(leases);
        List<byte[]> k = new ArrayList<>(order.size());
        for (DriverLease l : order) {
            k.add(((Entry) l.handle()).keyBytes);
        }
        List<?> lost = (List<?>) driver.commands()
                .script(
                        RedisScript.QUEUE_REFRESH,
                        "refreshing " + order.size() + " queue entries",
                        k,
                        List.of(driver.lockMillis()));
        return RedisLocks.expiredOrBroken(lost, order, driver);
    }

    @Override
    public void watchLoss(DriverLease lease) {
        wakeups.ensureSubscribed(); // a break publishes "lost ENTRY-KEY" on this coordinator's channel
    }

    @Override
    public boolean forceBreak(LockId id) {
        String base = keys.queue(id);
        return number(driver.commands()
                        .script(
                                RedisScript.QUEUE_BREAK,
                                "breaking " + what(id),
                                List.of(bytes(RedisKeys.queueIndex(base)), bytes(RedisKeys.queueBroken(base))),
                                List.of(
                                        bytes(base),
                                        bytes(keys.wakeChannelPrefix()),
                                        driver.lockMillis(),
                                        bytes(RedisKeys.queueChannel(base)))))
                == 1;
    }

    private static String what(LockId id) {
        return (id.kind() == LockId.Kind.SEMAPHORE ? "semaphore " : "read-write lock ") + id.name();
    }
}
