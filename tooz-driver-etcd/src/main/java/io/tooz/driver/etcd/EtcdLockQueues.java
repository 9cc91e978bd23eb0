package io.tooz.driver.etcd;

import static io.tooz.driver.etcd.EtcdClient.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-write lock and semaphore queues as etcd's own lock recipe ({@code concurrency.Mutex}, the v3lock service that
 * jetcd's {@code Lock} calls): an entry is a key under the queue's prefix ({@link EtcdKeys#queue}; keys are reused,
 * {@link EtcdQueueSlots}) attached to the lock lease, its sequence number the key's create revision (cluster-wide,
 * never reused, new at each re-creation, kept by compaction), and a waiter watches only the deletion of a key before
 * it. Enqueueing is one transaction that puts the key and ranges the prefix by create revision. Entries are held like
 * lock grants ({@link EtcdLocks.Held}): release, refresh, loss watches and the lock lease are {@link EtcdLocks}'.
 * etcd's own lock on the same prefix (the queue's name without its last {@code /}) is a writer in this queue, and
 * waits for every entry before it as a writer does.
 */
final class EtcdLockQueues implements DriverLockQueues, io.tooz.spi.ForwardingLeases {
    private static final GetOption BY_CREATION = GetOption.builder()
            .isPrefix(true)
            .withSortField(GetOption.SortTarget.CREATE)
            .withSortOrder(GetOption.SortOrder.ASCEND)
            .build();

    private final EtcdDriver driver;
    private final EtcdLocks locks;
    private final AtomicLong made = new AtomicLong();
    private final EtcdQueueSlots slots = new EtcdQueueSlots();

    EtcdLockQueues(EtcdDriver driver, EtcdLocks locks) {
        this.driver = driver;
        this.locks = locks;
    }

    /** Where an entry was listed: its key, and the revision of the read that listed it, to watch from. */
    record Listed(ByteSequence key, long revision) {}

    /**
     * One transaction: if the entry's key does not exist, put it under the lock lease; in both branches range the
     * prefix sorted by create revision. The value is unique to this request, so that the entry is told from any other
     * that had the same key before.
     */
    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        ByteSequence range = bytes(EtcdKeys.queue(id));
        for (int attempt = 1; ; attempt++) {
            EtcdLease lease = driver.lockLease();
            lease.keepFresh();
            long generation = lease.generation();
            long leaseId = lease.id();
            long confirmed = lease.confirmedNanos(); // the key lives as long as the lease
            ByteSequence key = slots.take(id, leaseId);
            ByteSequence value = bytes(tag + " " + made.incrementAndGet() + " " + holder);
            TxnResponse r;
            try {
                r = client().call("queueing for " + EtcdLocks.what(id), () -> client().kv()
                        .txn()
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                        .Then(Op.put(key, value, EtcdGroups.leased(leaseId)), Op.get(range, BY_CREATION))
                        .Else(Op.get(range, BY_CREATION))
                        .commit());
            } catch (ToozException e) {
                if (EtcdLease.isLeaseNotFound(e)) {
                    slots.free(id, key); // nothing was written
                    lease.replace(generation); // our lock lease expired: its entries are lost, not this one
                    continue;
                }
                locks.dropIfTaken(id, key, value, generation);
                throw e;
            }
            GetResponse listed = r.getGetResponses().get(0);
            for (KeyValue kv : listed.getKvs()) {
                if (kv.getKey().equals(key) && kv.getValue().equals(value)) { // ours, or jetcd's retry of it
                    return new Enqueued(
                            new DriverLease(
                                    id, kv.getCreateRevision(), new EtcdLocks.Held(key, value, generation), confirmed),
                            entries(listed, r.getHeader().getRevision()));
                }
            }
            // the key held an entry that a late request of ours made (its slot stays taken), or our entry went at once
            if (attempt == 3) {
                throw new ToozException("could not queue for " + EtcdLocks.what(id) + " on etcd at "
                        + driver.settings().address() + ": the entry was not there after the transaction, three times");
            }
        }
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        GetResponse r = client().call("reading the queue of " + EtcdLocks.what(id), () -> client().kv()
                .get(bytes(EtcdKeys.queue(id)), BY_CREATION));
        return entries(r, r.getHeader().getRevision());
    }

    /**
     * The entries of a range read at {@code revision}. Our values are {@code <tag> <n> <holder>} (neither a tag nor n
     * has a space); a value without a space is another client's lock on the same prefix (etcd's {@code
     * concurrency.Mutex}, the v3lock service behind jetcd's {@code Lock} and {@code etcdctl lock}, whose values are
     * empty): exclusive, so it is listed as a {@code write} entry held by {@code etcd-lock:<its key>}.
     */
    private static List<QueueEntry> entries(GetResponse r, long revision) {
        List<QueueEntry> out = new ArrayList<>(r.getKvs().size());
        for (KeyValue kv : r.getKvs()) {
            String v = kv.getValue().toString(StandardCharsets.UTF_8);
            int first = v.indexOf(' ');
            int second = first < 0 ? -1 : v.indexOf(' ', first + 1);
            String tag = first < 0 ? "write" : v.substring(0, first);
            String holder = first < 0
                    ? "etcd-lock:" + kv.getKey().toString(StandardCharsets.UTF_8)
                    : v.substring((second < 0 ? first : second) + 1);
            out.add(new QueueEntry(kv.getCreateRevision(), holder, tag, new Listed(kv.getKey(), revision)));
        }
        return out;
    }

    /** A watch for the deletion of that one key, from the revision after the read that listed it. */
    @Override
    public AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        Listed listed = (Listed) entry.handle();
        return locks.waits().onDeletion(listed.key(), listed.revision() + 1, removed);
    }

    /** One delete of the whole prefix. */
    @Override
    public boolean forceBreak(LockId id) {
        return client().call("breaking " + EtcdLocks.what(id), () -> client().kv()
                                .delete(
                                        bytes(EtcdKeys.queue(id)),
                                        DeleteOption.builder().isPrefix(true).build()))
                        .getDeleted()
                > 0;
    }

    /** Frees the entry's key for the next entry once the release returned (not if it threw). */
    @Override
    public boolean release(DriverLease lease) {
        boolean released = locks.release(lease);
        slots.free(lease.id(), ((EtcdLocks.Held) lease.handle()).key);
        return released;
    }

    @Override
    public io.tooz.spi.DriverLeases keeper() {
        return locks;
    }

    private EtcdClient client() {
        return driver.client();
    }
}
