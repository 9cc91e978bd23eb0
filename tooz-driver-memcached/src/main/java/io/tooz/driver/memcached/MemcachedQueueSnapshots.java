package io.tooz.driver.memcached;

import io.tooz.spi.LockId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each queue's index as this driver last read or wrote it, with its CAS unique and the client's {@link
 * MemcachedClient#epoch() epoch} then: a guess that lets an update go in one round trip when nobody changed the index
 * since. A wrong guess only fails its {@code cas}; losing them all costs a round trip each.
 */
final class MemcachedQueueSnapshots {
    private static final int MAX = 1024;

    /** One index version. */
    record Snapshot(MemcachedQueueIndex index, long cas, long epoch) {}

    private final Map<LockId, Snapshot> seen = new ConcurrentHashMap<>();

    Snapshot get(LockId id) {
        return seen.get(id);
    }

    void remember(LockId id, MemcachedQueueIndex index, long cas, long epoch) {
        if (seen.size() >= MAX && !seen.containsKey(id)) {
            seen.clear();
        }
        seen.put(id, new Snapshot(index, cas, epoch));
    }

    void forget(LockId id) {
        seen.remove(id);
    }
}
