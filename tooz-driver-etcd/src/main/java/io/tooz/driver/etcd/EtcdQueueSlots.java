package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The key numbers of one coordinator's queue entries, per queue: an entry's key is {@code <prefix><lease id in
 * hex>-<slot>}, the slot the lowest one free. Reusing keys keeps a busy queue's prefix small: etcd keeps a deleted key
 * in its index until the next compaction, and every range of the prefix (each enqueue, each look at the queue) visits
 * it. A slot is free again once its entry's release returned; one whose request failed stays taken (its key may hold
 * an entry that a late request made) until the lock lease changes, which starts every queue's slots afresh.
 */
final class EtcdQueueSlots {
    /** Guarded by this. */
    private final Map<LockId, Taken> byId = new HashMap<>();

    private static final class Taken {
        final long lease;
        final BitSet slots = new BitSet();

        Taken(long lease) {
            this.lease = lease;
        }
    }

    /** The key of a free slot of {@code id} under {@code lease}, now taken. */
    synchronized ByteSequence take(LockId id, long lease) {
        Taken t = byId.get(id);
        if (t == null || t.lease != lease) {
            t = new Taken(lease);
            byId.put(id, t);
        }
        int slot = t.slots.nextClearBit(0);
        t.slots.set(slot);
        return EtcdClient.bytes(EtcdKeys.queue(id) + Long.toHexString(lease) + "-" + slot);
    }

    /** Frees the slot of {@code key}, made by {@link #take}; nothing if its lease is no longer the current one. */
    synchronized void free(LockId id, ByteSequence key) {
        Taken t = byId.get(id);
        String k = key.toString(StandardCharsets.UTF_8);
        String own = EtcdKeys.queue(id) + Long.toHexString(t == null ? 0 : t.lease) + "-";
        if (t == null || !k.startsWith(own)) {
            return;
        }
        t.slots.clear(Integer.parseInt(k.substring(own.length())));
        if (t.slots.isEmpty()) {
            byId.remove(id);
        }
    }
}
