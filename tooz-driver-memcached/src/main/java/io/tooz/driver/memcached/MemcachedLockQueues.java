package io.tooz.driver.memcached;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.driver.memcached.MemcachedQueueIndex.Line;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read-write locks and semaphores (Python tooz has neither on memcached): one index item per name lists the queue and
 * numbers its entries ({@link MemcachedQueueIndex}, updated with CAS), and each entry is a key of its own whose expiry
 * is the lease TTL, so entries die on the server's clock. Commands are meta commands, pipelined; an update first
 * tries the index version this driver saw last (one round trip when nobody changed it since), which is safe because a
 * stale CAS unique fails. A CAS unique is only sent in the {@link MemcachedClient#epoch() epoch} it was read in, so
 * never to a restarted server, which hands out the same uniques again.
 * A server younger than a lease TTL gets a guard ({@link MemcachedQueueGuard}).
 */
final class MemcachedLockQueues implements DriverLockQueues {
    /** A lease's handle. */
    private record Entry(String key, String indexKey, long sequence) {}

    private final MemcachedDriver driver;
    private final MemcachedQueueSnapshots seen = new MemcachedQueueSnapshots();

    MemcachedLockQueues(MemcachedDriver driver) {
        this.driver = driver;
    }

    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        if (holder.isEmpty() || holder.chars().anyMatch(ch -> ch <= ' ')) {
            throw new ToozException("memcached cannot queue holder '" + holder + "': member ids hold no whitespace");
        }
        MemcachedClient c = driver.client();
        String uid = MemcachedKeys.newUid();
        String key = MemcachedKeys.queueEntry(uid);
        String indexKey = MemcachedKeys.queue(id);
        MetaCommand write = MetaCommand.set(key, holder, "T" + ttlSeconds());
        long sent = System.nanoTime();
        boolean written = false;
        MemcachedQueueSnapshots.Snapshot s = seen.get(id);
        if (s != null) {
            MemcachedQueueIndex next = s.index().append(uid, tag, holder);
            List<MetaCommand> cmds = new ArrayList<>(List.of(write, MemcachedQueueIndex.cas(indexKey, next, s.cas())));
            cmds.addAll(MemcachedQueueIndex.probes(s.index().lines()));
            List<MetaReply> r = c.meta(cmds, s.epoch());
            if (r != null) {
                stored(r.get(0), key);
                written = true;
                if (r.get(1).is("HD")) {
                    return enqueued(
                            id,
                            next,
                            r.get(1).cas(),
                            s.epoch(),
                            MemcachedQueueIndex.probed(s.index().lines(), r, 2),
                            key,
                            sent);
                }
            }
        }
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            long epoch = c.epoch();
            List<MetaCommand> cmds = new ArrayList<>();
            if (!written) {
                cmds.add(write);
            }
            cmds.add(MetaCommand.get(indexKey, "v c"));
            List<MetaReply> r = c.meta(cmds, -1);
            if (!written) {
                stored(r.get(0), key);
                written = true;
            }
            MetaReply got = r.get(r.size() - 1);
            cmds.clear();
            MemcachedQueueIndex base;
            if (got.hit()) {
                base = MemcachedQueueIndex.parse(got.value(), indexKey);
                cmds.add(MemcachedQueueIndex.cas(indexKey, base.append(uid, tag, holder), got.cas()));
            } else {
                base = MemcachedQueueGuard.created(driver, c, ttlSeconds(), cmds);
                cmds.add(MetaCommand.set(indexKey, base.append(uid, tag, holder).encode(), "ME c"));
            }
            int probesAt = cmds.size();
            cmds.addAll(MemcachedQueueIndex.probes(base.lines()));
            r = c.meta(cmds, epoch); // null: the connection changed since the read, and so may the server
            if (r == null) {
                continue;
            }
            if (probesAt == 2) {
                stored(r.get(0), cmds.get(0).line().split(" ")[1]); // the guard's key
            }
            MetaReply put = r.get(probesAt - 1);
            if (put.is("HD")) {
                MemcachedQueueIndex next = base.append(uid, tag, holder);
                return enqueued(
                        id, next, put.cas(), epoch, MemcachedQueueIndex.probed(base.lines(), r, probesAt), key, sent);
            }
        }
    }

    private Enqueued enqueued(
            LockId id,
            MemcachedQueueIndex next,
            long cas,
            long epoch,
            Map<String, Boolean> alive,
            String key,
            long sent) {
        Line own = next.lines().get(next.lines().size() - 1);
        alive.put(own.uid(), true);
        List<Line> live = live(id, next, cas, epoch, alive);
        DriverLease lease =
                new DriverLease(id, own.sequence(), new Entry(key, MemcachedKeys.queue(id), own.sequence()), sent);
        return new Enqueued(lease, MemcachedQueueGuard.listed(id, live));
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        MemcachedClient c = driver.client();
        String indexKey = MemcachedKeys.queue(id);
        long epoch = c.epoch();
        MemcachedQueueSnapshots.Snapshot s = seen.get(id);
        List<Line> guessed = s == null ? List.of() : s.index().lines();
        List<MetaCommand> cmds = new ArrayList<>();
        cmds.add(MetaCommand.get(indexKey, "v c"));
        cmds.addAll(MemcachedQueueIndex.probes(guessed));
        List<MetaReply> r = c.meta(cmds, -1);
        if (!r.get(0).hit()) {
            seen.forget(id);
            return List.of();
        }
        MemcachedQueueIndex index = MemcachedQueueIndex.parse(r.get(0).value(), indexKey);
        Map<String, Boolean> alive = MemcachedQueueIndex.probed(guessed, r, 1);
        List<Line> unknown =
                index.lines().stream().filter(l -> !alive.containsKey(l.uid())).toList();
        if (!unknown.isEmpty()) {
            alive.putAll(MemcachedQueueIndex.probed(unknown, c.meta(MemcachedQueueIndex.probes(unknown), -1), 0));
        }
        return MemcachedQueueGuard.listed(id, live(id, index, r.get(0).cas(), epoch, alive));
    }

    /**
     * The index's entries whose keys live; the dead ones are dropped from the index with one {@code cas} (lost to a
     * concurrent update, they are dropped by the next reader).
     */
    private List<Line> live(LockId id, MemcachedQueueIndex index, long cas, long epoch, Map<String, Boolean> alive) {
        Set<Long> dead = new HashSet<>();
        for (Line l : index.lines()) {
            if (!alive.getOrDefault(l.uid(), true)) {
                dead.add(l.sequence());
            }
        }
        seen.remember(id, index, cas, epoch);
        if (dead.isEmpty()) {
            return index.lines();
        }
        MemcachedQueueIndex pruned = index.without(dead);
        List<MetaReply> r =
                driver.client().meta(List.of(MemcachedQueueIndex.cas(MemcachedKeys.queue(id), pruned, cas)), epoch);
        if (r != null && r.get(0).is("HD")) {
            seen.remember(id, pruned, r.get(0).cas(), epoch);
        }
        return pruned.lines();
    }

    @Override
    public boolean release(DriverLease lease) {
        Entry e = (Entry) lease.handle();
        LockId id = lease.id();
        MemcachedClient c = driver.client();
        MetaCommand delete = MetaCommand.delete(e.key());
        Boolean existed = null;
        MemcachedQueueSnapshots.Snapshot s = seen.get(id);
        if (s != null && s.index().lists(e.sequence())) {
            MemcachedQueueIndex next = s.index().without(Set.of(e.sequence()));
            List<MetaReply> r =
                    c.meta(List.of(delete, MemcachedQueueIndex.cas(e.indexKey(), next, s.cas())), s.epoch());
            if (r != null) {
                existed = r.get(0).is("HD");
                if (r.get(1).is("HD")) {
                    seen.remember(id, next, r.get(1).cas(), s.epoch());
                    return existed;
                }
            }
        }
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            long epoch = c.epoch();
            MetaCommand read = MetaCommand.get(e.indexKey(), "v c");
            List<MetaReply> r = c.meta(existed == null ? List.of(delete, read) : List.of(read), -1);
            if (existed == null) {
                existed = r.get(0).is("HD");
            }
            MetaReply got = r.get(r.size() - 1);
            if (!got.hit()) {
                seen.forget(id);
                return false;
            }
            MemcachedQueueIndex index = MemcachedQueueIndex.parse(got.value(), e.indexKey());
            if (!index.lists(e.sequence())) {
                seen.remember(id, index, got.cas(), epoch);
                return false;
            }
            MemcachedQueueIndex next = index.without(Set.of(e.sequence()));
            List<MetaReply> put = c.meta(List.of(MemcachedQueueIndex.cas(e.indexKey(), next, got.cas())), epoch);
            if (put != null && put.get(0).is("HD")) {
                seen.remember(id, next, put.get(0).cas(), epoch);
                return existed;
            }
        }
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Entry e = (Entry) lease.handle();
        MemcachedClient c = driver.client();
        long epoch = c.epoch();
        List<MetaReply> r = c.meta(List.of(MetaCommand.get(e.key(), ""), MetaCommand.get(e.indexKey(), "v c")), -1);
        if (!r.get(1).hit()) {
            return false;
        }
        MemcachedQueueIndex index = MemcachedQueueIndex.parse(r.get(1).value(), e.indexKey());
        seen.remember(lease.id(), index, r.get(1).cas(), epoch);
        return r.get(0).hit() && index.lists(e.sequence());
    }

    /** The lock TTL ({@code lock_timeout}), as for locks. */
    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        return Optional.of(driver.settings().lockTimeout());
    }

    private int ttlSeconds() {
        return MemcachedSettings.seconds(driver.settings().lockTimeout());
    }

    /**
     * One pipelined round trip: {@code mg KEY T<ttl>} for each entry (extends a live one) and {@code mg INDEX v c}
     * for each queue. An entry whose key is gone or that its index no longer lists is lost: {@code BROKEN} (reported)
     * if a break removed it, else expired (returned).
     */
    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        MemcachedClient c = driver.client();
        long epoch = c.epoch();
        List<DriverLease> all = List.copyOf(leases);
        Map<String, LockId> queues = new LinkedHashMap<>();
        List<MetaCommand> cmds = new ArrayList<>();
        String touch = "T" + ttlSeconds();
        for (DriverLease lease : all) {
            Entry e = (Entry) lease.handle();
            cmds.add(MetaCommand.get(e.key(), touch));
            queues.putIfAbsent(e.indexKey(), lease.id());
        }
        queues.keySet().forEach(k -> cmds.add(MetaCommand.get(k, "v c")));
        List<MetaReply> r = c.meta(cmds, -1);
        Map<String, MemcachedQueueIndex> indexes = new HashMap<>();
        int i = all.size();
        for (Map.Entry<String, LockId> q : queues.entrySet()) {
            MetaReply got = r.get(i++);
            if (got.hit()) {
                MemcachedQueueIndex index = MemcachedQueueIndex.parse(got.value(), q.getKey());
                indexes.put(q.getKey(), index);
                seen.remember(q.getValue(), index, got.cas(), epoch);
            }
        }
        Set<DriverLease> expired = new HashSet<>();
        for (int j = 0; j < all.size(); j++) {
            Entry e = (Entry) all.get(j).handle();
            MemcachedQueueIndex index = indexes.get(e.indexKey());
            boolean listed = index != null && index.lists(e.sequence());
            if (listed && r.get(j).hit()) {
                continue;
            }
            if (index != null && !listed && e.sequence() <= index.broken()) {
                driver.context().events().leaseLost(all.get(j), LossReason.BROKEN);
            } else {
                expired.add(all.get(j));
            }
        }
        return expired;
    }

    /** Empties the queue, marking every number so far broken (a guard stays), then deletes the entries' keys. */
    @Override
    public boolean forceBreak(LockId id) {
        MemcachedClient c = driver.client();
        String indexKey = MemcachedKeys.queue(id);
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            long epoch = c.epoch();
            MetaReply got =
                    c.meta(List.of(MetaCommand.get(indexKey, "v c")), -1).get(0);
            if (!got.hit()) {
                return false;
            }
            MemcachedQueueIndex index = MemcachedQueueIndex.parse(got.value(), indexKey);
            List<Line> removed = index.lines().stream()
                    .filter(l -> !l.tag().equals(MemcachedQueueGuard.GUARD_TAG))
                    .toList();
            if (removed.isEmpty()) {
                return false;
            }
            MemcachedQueueIndex next = index.brokenExcept(MemcachedQueueGuard.GUARD_TAG);
            List<MetaReply> put = c.meta(List.of(MemcachedQueueIndex.cas(indexKey, next, got.cas())), epoch);
            if (put != null && put.get(0).is("HD")) {
                seen.remember(id, next, put.get(0).cas(), epoch);
                List<MetaCommand> deletes = removed.stream()
                        .map(l -> MetaCommand.delete(MemcachedKeys.queueEntry(l.uid())))
                        .toList();
                return c.meta(deletes, -1).stream().anyMatch(d -> d.is("HD"));
            }
        }
    }

    private void stored(MetaReply reply, String key) {
        if (!reply.is("HD")) {
            throw new ToozException("memcached at " + driver.settings().address() + " did not store queue entry " + key
                    + ": it answered '" + reply.line() + "'");
        }
    }
}
