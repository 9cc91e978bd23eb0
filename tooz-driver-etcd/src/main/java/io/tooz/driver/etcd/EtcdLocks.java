package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Locks at Python tooz's keys: a grant is one transaction ({@code create_revision == 0} then put under this member's
 * lock lease), its fencing token the key's create revision, a release deletes only if the value is still ours. A
 * waiter watches the key for its deletion (no polling); loss is noticed by watches ({@link #watchLoss}), by each
 * refresh (the lock lease and every held key, one request each) and, while etcd cannot be reached, by the core's
 * lease deadline.
 */
final class EtcdLocks implements DriverLocks {
    static final String VALUE_PREFIX = "tooz:";
    /** Etcd allows 128 operations per transaction by default. */
    private static final int READS_PER_TXN = 100;

    private final EtcdDriver driver;
    private final AtomicLong grants = new AtomicLong();
    private final EtcdLockWaits waits;

    EtcdLocks(EtcdDriver driver) {
        this.driver = driver;
        this.waits = new EtcdLockWaits(driver);
    }

    /** The driver's bookkeeping for one grant. */
    static final class Held {
        final ByteSequence key;
        final ByteSequence value;
        /** Which lock lease the grant was made under ({@link EtcdLease#generation()}). */
        final long leaseGeneration;
        /** Guarded by this. */
        EtcdLockWaits.LossWatch lossWatch;
        /** Guarded by this. */
        boolean released;

        Held(ByteSequence key, ByteSequence value, long leaseGeneration) {
            this.key = key;
            this.value = value;
            this.leaseGeneration = leaseGeneration;
        }
    }

    private EtcdClient client() {
        return driver.client();
    }

    /** The key of {@code id}, where the Python driver of the URL's scheme puts it. */
    private ByteSequence key(LockId id) {
        return EtcdKeys.lock(driver.settings().scheme(), id);
    }

    /** The watches on lock keys, shared with {@link EtcdLockQueues}. */
    EtcdLockWaits waits() {
        return waits;
    }

    /** What {@code id} is, for messages: {@code lock N}, {@code leadership of G}, {@code semaphore N}... */
    static String what(LockId id) {
        return switch (id.kind()) {
            case LOCK -> "lock " + id.name();
            case LEADER -> "leadership of " + id.name();
            case READ_WRITE -> "read-write lock " + id.name();
            case SEMAPHORE -> "semaphore " + id.name();
        };
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        ByteSequence key = key(id);
        ByteSequence value = ByteSequence.from(
                VALUE_PREFIX + driver.instance() + "." + grants.incrementAndGet() + ":" + holder,
                StandardCharsets.UTF_8);
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (true) {
            EtcdLease lease = driver.lockLease();
            lease.keepFresh();
            long generation = lease.generation();
            long leaseId = lease.id();
            long confirmed = lease.confirmedNanos(); // the key lives as long as the lease
            TxnResponse r;
            try {
                r = client().call("acquiring lock " + id.name(), () -> client().kv()
                        .txn()
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                        .Then(Op.put(key, value, EtcdGroups.leased(leaseId)))
                        .Else(Op.get(key, GetOption.DEFAULT))
                        .commit());
            } catch (ToozException e) {
                if (EtcdLease.isLeaseNotFound(e)) {
                    lease.replace(generation); // our lock lease expired: the locks under it are lost, not this one
                    continue;
                }
                dropIfTaken(id, key, value, generation);
                throw e;
            }
            long token;
            if (r.isSucceeded()) {
                token = r.getHeader().getRevision();
            } else {
                List<KeyValue> found = r.getGetResponses().get(0).getKvs();
                if (!found.isEmpty() && found.get(0).getValue().equals(value)) {
                    token = found.get(0).getCreateRevision(); // our own attempt, retried after a lost answer
                } else {
                    if (timeoutNanos == 0 || (timeoutNanos != Long.MAX_VALUE && System.nanoTime() - deadline >= 0)) {
                        return Optional.empty();
                    }
                    waits.awaitDeletion(id, key, r.getHeader().getRevision() + 1, deadline);
                    continue;
                }
            }
            return Optional.of(new DriverLease(id, token, new Held(key, value, generation), confirmed));
        }
    }

    @Override
    public boolean release(DriverLease lease) {
        Held h = (Held) lease.handle();
        waits.stopLossWatch(h);
        try {
            return deleteIfOurs(lease.id(), h.key, h.value);
        } catch (ToozException e) {
            dropIfTaken(lease.id(), h.key, h.value, h.leaseGeneration);
            throw e;
        }
    }

    private boolean deleteIfOurs(LockId id, ByteSequence key, ByteSequence value) {
        return client().call("releasing " + what(id), () -> client().kv()
                        .txn()
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(value)))
                        .Then(Op.delete(key, DeleteOption.DEFAULT))
                        .commit())
                .isSucceeded();
    }

    /**
     * A grant or release whose answer never came may have taken effect (etcd applies a request it accepted even when
     * the client gave up waiting): in the background, delete the key while it holds our value, until etcd answers,
     * so no lock stays held under our lease by nobody.
     */
    void dropIfTaken(LockId id, ByteSequence key, ByteSequence value, long generation) {
        EtcdBackground.later(
                driver,
                () -> {
                    if (driver.lockLease().generation() != generation) {
                        return; // that lease is gone, and its keys with it
                    }
                    try {
                        deleteIfOurs(id, key, value);
                    } catch (ToozException e) {
                        dropIfTaken(id, key, value, generation);
                    }
                },
                1000);
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Held h = (Held) lease.handle();
        return read("checking", lease.id(), h.key)
                .map(kv -> kv.getValue().equals(h.value))
                .orElse(false);
    }

    @Override
    public Optional<String> holder(LockId id) {
        return read("reading the holder of", id, key(id)).map(kv -> holderOf(kv.getValue()));
    }

    /** The lock's key as it is now, if it exists. */
    private Optional<KeyValue> read(String what, LockId id, ByteSequence key) {
        List<KeyValue> kvs = client().call(
                        what + " " + what(id), () -> client().kv().get(key))
                .getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }

    /** The member id in a tooz-java lock value; a Python tooz holder (16 random bytes) shows as their hex. */
    static String holderOf(ByteSequence value) {
        String v = value.toString(StandardCharsets.UTF_8);
        if (v.startsWith(VALUE_PREFIX)) {
            int colon = v.indexOf(':', VALUE_PREFIX.length());
            if (colon > 0) {
                return v.substring(colon + 1);
            }
        }
        return "python-tooz:" + java.util.HexFormat.of().formatHex(value.getBytes());
    }

    /** The create revision of the current grant, or 0 when nobody holds the lock. */
    @Override
    public OptionalLong lastFencingToken(LockId id) {
        return OptionalLong.of(read("reading the fencing token of", id, key(id))
                .map(KeyValue::getCreateRevision)
                .orElse(0L));
    }

    /** Keys live as long as the lock lease, whose TTL is {@code lock_timeout}. */
    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        return Optional.of(Duration.ofSeconds(driver.settings().lockTtlSeconds()));
    }

    /**
     * Refreshes the lock lease (replacing it if it is gone): grants made under a lease that is gone are lost
     * (expired); a key that no longer holds our value was broken.
     */
    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        Set<DriverLease> lost = new HashSet<>();
        List<DriverLease> check = new ArrayList<>();
        EtcdLease lease = driver.lockLease();
        long seen = lease.generation();
        if (!lease.keepAlive()) {
            lease.replace(seen);
        }
        long generation = lease.generation();
        for (DriverLease l : leases) {
            if (((Held) l.handle()).leaseGeneration != generation) {
                lost.add(l);
            } else {
                check.add(l);
            }
        }
        for (int i = 0; i < check.size(); i += READS_PER_TXN) {
            List<DriverLease> part = check.subList(i, Math.min(check.size(), i + READS_PER_TXN));
            Op[] reads = part.stream()
                    .map(l -> Op.get(((Held) l.handle()).key, GetOption.DEFAULT))
                    .toArray(Op[]::new);
            TxnResponse r = client().call(
                            "checking " + part.size() + " held locks",
                            () -> client().kv().txn().Then(reads).commit());
            for (int j = 0; j < part.size(); j++) {
                List<KeyValue> kvs = r.getGetResponses().get(j).getKvs();
                DriverLease l = part.get(j);
                if (kvs.isEmpty() || !kvs.get(0).getValue().equals(((Held) l.handle()).value)) {
                    waits.stopLossWatch((Held) l.handle());
                    driver.context().events().leaseLost(l, LossReason.BROKEN);
                }
            }
        }
        return lost;
    }

    /** Someone listens for this grant's loss: watch its key, so a break or expiry is reported at once. */
    @Override
    public void watchLoss(DriverLease lease) {
        waits.watchLoss(lease, l -> driver.context()
                .events()
                .leaseLost(l, driver.lockLease().surelyExpired() ? LossReason.EXPIRED : LossReason.BROKEN));
    }

    /** A watch on the lock's key: every grant, release, expiry and break calls {@code changed}. */
    @Override
    public AutoCloseable watchHolder(LockId id, Runnable changed) {
        return new EtcdHolderWatch(driver, id, changed).start();
    }

    @Override
    public boolean forceBreak(LockId id) {
        return client().call("breaking lock " + id.name(), () -> client().kv().delete(key(id)))
                        .getDeleted()
                > 0;
    }

    /** Stops every loss watch (the grants go with the lease). */
    void close() {
        waits.stopLossWatches();
    }
}
