package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.tooz.ToozException;
import io.tooz.spi.DriverClaims;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claims as keys {@code /tooz/claims/<namespace>/<periodStartMillis>/<task>} ({@link EtcdKeys#claim}), each made by
 * its own transaction ({@code create_revision == 0} then put the holder), all of a batch in flight at once. The token
 * is the key's create revision. Keys live under a claim lease shared by the coordinator's claims and reused while
 * its remaining life covers the asked TTL, so etcd deletes them by itself: {@link #sweep} has nothing to do.
 */
final class EtcdClaims implements DriverClaims {
    /** A lease is granted for this many times the TTL asked, and reused for TTLs down to its life over this. */
    private static final int LEASE_TTLS = 2;

    private static final int REUSE_DOWN_TO = 4;

    private final EtcdDriver driver;
    private final AtomicLong requests = new AtomicLong();
    /** The current claim lease; guarded by this. */
    private long leaseId;

    private long leaseSeconds;
    /** When the grant of the current lease was sent ({@link System#nanoTime()}); guarded by this. */
    private long leaseSent;

    EtcdClaims(EtcdDriver driver) {
        this.driver = driver;
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        List<String> todo = new ArrayList<>(new LinkedHashSet<>(tasks));
        Map<String, Long> claimed = new LinkedHashMap<>();
        ByteSequence value = EtcdClient.bytes(holder);
        for (int attempt = 0; !todo.isEmpty(); attempt++) {
            long lease = lease(ttl);
            Map<String, CompletableFuture<TxnResponse>> sent = new LinkedHashMap<>();
            for (String task : todo) {
                ByteSequence key = EtcdKeys.claim(namespace, periodStartMillis, task);
                requests.incrementAndGet();
                sent.put(
                        task,
                        client().kv()
                                .txn()
                                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                                .Then(Op.put(key, value, EtcdGroups.leased(lease)))
                                .commit());
            }
            List<String> leaseGone = new ArrayList<>();
            ToozException failed = null;
            for (Map.Entry<String, CompletableFuture<TxnResponse>> e : sent.entrySet()) {
                try {
                    TxnResponse r = client().call("claiming task " + e.getKey(), e::getValue);
                    if (r.isSucceeded()) {
                        claimed.put(e.getKey(), r.getHeader().getRevision());
                    }
                } catch (ToozException x) {
                    if (EtcdLease.isLeaseNotFound(x) && attempt == 0) {
                        leaseGone.add(e.getKey());
                    } else if (failed == null) {
                        failed = x;
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
            if (!leaseGone.isEmpty()) {
                forget(lease); // revoked behind our back: the claims not made yet go under a new lease
            }
            todo = leaseGone;
        }
        return claimed;
    }

    @Override
    public Optional<Claim> read(String namespace, long periodStartMillis, String task) {
        ByteSequence key = EtcdKeys.claim(namespace, periodStartMillis, task);
        requests.incrementAndGet();
        List<KeyValue> kvs = client().call(
                        "reading the claim on task " + task, () -> client().kv().get(key))
                .getKvs();
        if (kvs.isEmpty()) {
            return Optional.empty();
        }
        KeyValue kv = kvs.get(0);
        return Optional.of(new Claim(kv.getValue().toString(StandardCharsets.UTF_8), kv.getCreateRevision()));
    }

    @Override
    public long requests() {
        return requests.get();
    }

    private EtcdClient client() {
        return driver.client();
    }

    /** A claim lease that lives at least {@code ttl} from now and not much longer, granted if needed. */
    private synchronized long lease(Duration ttl) {
        long ttlSeconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        long remaining = TimeUnit.SECONDS.toNanos(leaseSeconds) - (System.nanoTime() - leaseSent);
        if (leaseSeconds > 0 && remaining >= ttl.toNanos() && leaseSeconds <= REUSE_DOWN_TO * ttlSeconds) {
            return leaseId;
        }
        long sent = System.nanoTime();
        requests.incrementAndGet();
        var r = client().call("granting a claim lease", () -> client().leases().grant(LEASE_TTLS * ttlSeconds));
        leaseId = r.getID();
        leaseSeconds = r.getTTL();
        leaseSent = sent;
        return leaseId;
    }

    private synchronized void forget(long lease) {
        if (leaseId == lease) {
            leaseSeconds = 0;
        }
    }
}
