package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
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
 * Claims as keys {@code /tooz/claims/<namespace>/<periodStartMillis>/<task>} ({@link EtcdKeys#claim}) holding {@code
 * "<index> <holder>"}, made 128 at a time by one transaction ({@code create_revision == 0} for all, then put all),
 * all of a batch in flight at once. A transaction that fails because some key exists says which (its else branch
 * counts each key), and the absent ones go again in one transaction; what is left after three rounds is claimed one
 * key per transaction. The token is the key's create revision × 128 + its index in the transaction. Keys live under a claim lease shared by the coordinator's claims and reused while
 * its remaining life covers the asked TTL, so etcd deletes them by itself: {@link #sweep} has nothing to do.
 */
final class EtcdClaims implements DriverClaims {
    /** A lease is granted for this many times the TTL asked, and reused for TTLs down to its life over this. */
    private static final int LEASE_TTLS = 2;

    private static final int REUSE_DOWN_TO = 4;

    /** Claims per transaction: etcd's default {@code --max-txn-ops}. */
    private static final int PER_TXN = 128;

    /** Rounds of batched transactions before the tasks left are claimed one transaction each. */
    private static final int ROUNDS = 3;

    private static final GetOption COUNT_ONLY =
            GetOption.builder().withCountOnly(true).build();

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
        for (int attempt = 0; !todo.isEmpty(); attempt++) {
            long lease = lease(ttl);
            List<List<String>> chunks = new ArrayList<>();
            for (int from = 0; from < todo.size(); from += PER_TXN) {
                chunks.add(todo.subList(from, Math.min(todo.size(), from + PER_TXN)));
            }
            List<String> leaseGone = new ArrayList<>();
            for (int round = 0; round < ROUNDS && !chunks.isEmpty(); round++) {
                chunks = round(namespace, periodStartMillis, chunks, holder, lease, attempt, claimed, leaseGone);
            }
            List<List<String>> one = new ArrayList<>();
            chunks.forEach(chunk -> chunk.forEach(task -> one.add(List.of(task))));
            if (!one.isEmpty()) { // keys claimed under our feet every round: one transaction each, once
                round(namespace, periodStartMillis, one, holder, lease, attempt, claimed, leaseGone);
            }
            if (!leaseGone.isEmpty()) {
                forget(lease); // revoked behind our back: the claims not made yet go under a new lease
            }
            todo = leaseGone;
        }
        return claimed;
    }

    /**
     * Sends one transaction per chunk, all at once. A transaction fails when any of its keys exists, and then says
     * which exist: the absent ones form the chunks of the next round.
     */
    private List<List<String>> round(
            String namespace,
            long periodStart,
            List<List<String>> chunks,
            String holder,
            long lease,
            int attempt,
            Map<String, Long> claimed,
            List<String> leaseGone) {
        Map<List<String>, CompletableFuture<TxnResponse>> sent = new LinkedHashMap<>();
        chunks.forEach(chunk -> sent.put(chunk, send(namespace, periodStart, chunk, holder, lease)));
        List<List<String>> again = new ArrayList<>();
        ToozException failed = null;
        for (Map.Entry<List<String>, CompletableFuture<TxnResponse>> e : sent.entrySet()) {
            List<String> chunk = e.getKey();
            try {
                TxnResponse r = client().call("claiming " + chunk.size() + " task(s)", e::getValue);
                if (r.isSucceeded()) {
                    for (int i = 0; i < chunk.size(); i++) {
                        claimed.put(chunk.get(i), token(r.getHeader().getRevision(), i));
                    }
                    continue;
                }
                List<String> absent = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    if (r.getGetResponses().get(i).getCount() == 0) {
                        absent.add(chunk.get(i));
                    }
                }
                if (!absent.isEmpty()) {
                    again.add(absent);
                }
            } catch (ToozException x) {
                if (EtcdLease.isLeaseNotFound(x) && attempt == 0) {
                    leaseGone.addAll(chunk);
                } else if (failed == null) {
                    failed = x;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return again;
    }

    /** One transaction: if none of the tasks' keys exists, put them all (value {@code "<index> <holder>"}). */
    private CompletableFuture<TxnResponse> send(
            String namespace, long periodStart, List<String> tasks, String holder, long lease) {
        List<Cmp> absent = new ArrayList<>();
        List<Op> puts = new ArrayList<>();
        List<Op> counts = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            ByteSequence key = EtcdKeys.claim(namespace, periodStart, tasks.get(i));
            absent.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
            puts.add(Op.put(key, EtcdClient.bytes(i + " " + holder), EtcdGroups.leased(lease)));
            counts.add(Op.get(key, COUNT_ONLY));
        }
        requests.incrementAndGet();
        return client().kv()
                .txn()
                .If(absent.toArray(Cmp[]::new))
                .Then(puts.toArray(Op[]::new))
                .Else(counts.toArray(Op[]::new))
                .commit();
    }

    /** Claims made by one transaction share its revision; their index in it tells them apart. */
    private static long token(long revision, int index) {
        return revision * PER_TXN + index;
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
        String value = kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
        int space = value.indexOf(' ');
        try {
            int index = Integer.parseInt(value.substring(0, space));
            return Optional.of(
                    new Claim(value.substring(space + 1), token(kvs.get(0).getCreateRevision(), index)));
        } catch (RuntimeException e) {
            throw new ToozException(
                    "etcd claim key for task " + task + " holds '" + value + "', not '<index> <holder>'");
        }
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
