package io.tooz.driver.memcached;

import io.tooz.driver.memcached.MemcachedQueueIndex.Line;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The queues' restart guard. A server younger than a lease TTL may have lost entries whose holders still believe in
 * their grants (a restart loses every key), so an index created then lists a guard entry whose key expires once the
 * server is old enough, and the core is shown entries that hold every permit ahead of all others until then: the
 * locks' restart guard ({@link MemcachedLocks}) in the queue's terms.
 */
final class MemcachedQueueGuard {
    static final String GUARD_TAG = "!guard";
    static final String GUARD_HOLDER = "(memcached-restart-guard)";
    /** A semaphore's guard is shown as this many entries at most. */
    static final int MAX_GUARD_PERMITS = 4096;

    private MemcachedQueueGuard() {}

    /**
     * A new index, numbered from the clock in milliseconds × 1000 as the locks' fencing counters (so numbers keep
     * rising after an eviction or a restart), with a guard entry if the server is younger than a lease TTL (its
     * {@code uptime} counted as {@link MemcachedLocks} does): the guard's key is added to {@code cmds}.
     */
    static MemcachedQueueIndex created(
            MemcachedDriver driver, MemcachedClient c, int ttlSeconds, List<MetaCommand> cmds) {
        MemcachedQueueIndex index =
                MemcachedQueueIndex.startingAt(driver.clock().millis() * 1000);
        long young = ttlSeconds + MemcachedLocks.UPTIME_HEAD_START_SECONDS - c.uptimeSeconds();
        if (young <= 0) {
            return index;
        }
        String guard = MemcachedKeys.newUid();
        cmds.add(MetaCommand.set(MemcachedKeys.queueEntry(guard), "-", "T" + (young + 1)));
        return index.append(guard, GUARD_TAG, "-");
    }

    /**
     * The core's view: every live entry, a guard as entries that hold every permit before all others: one {@code
     * write} for a read-write lock; for a semaphore, as many entries as the tag of its first real entry says it has
     * permits ({@code permits:N}, at most {@value #MAX_GUARD_PERMITS}), with that tag. No real entry: nothing.
     */
    static List<QueueEntry> listed(LockId id, List<Line> live) {
        String tag = live.stream()
                .map(Line::tag)
                .filter(t -> !t.equals(GUARD_TAG))
                .findFirst()
                .orElse(null);
        List<QueueEntry> out = new ArrayList<>(live.size());
        for (Line l : live) {
            String handle = MemcachedKeys.queueEntry(l.uid());
            if (!l.tag().equals(GUARD_TAG)) {
                out.add(new QueueEntry(l.sequence(), l.holder(), l.tag(), handle));
            } else if (tag != null) {
                boolean rw = id.kind() == LockId.Kind.READ_WRITE;
                for (int i = (rw ? 1 : permits(tag)) - 1; i >= 0; i--) {
                    out.add(new QueueEntry(l.sequence() - i, GUARD_HOLDER, rw ? "write" : tag, handle));
                }
            }
        }
        return out;
    }

    private static int permits(String tag) {
        try {
            int n = tag.startsWith("permits:") ? Integer.parseInt(tag.substring("permits:".length())) : 1;
            return Math.max(1, Math.min(MAX_GUARD_PERMITS, n));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
