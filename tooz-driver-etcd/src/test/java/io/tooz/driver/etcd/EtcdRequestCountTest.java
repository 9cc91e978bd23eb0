package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.LockLease;
import io.tooz.tck.ServerTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one lock acquire+release costs etcd, counted by the server itself ({@code /metrics} of a one-member etcd of
 * this test's own, which nobody else talks to): exactly two transactions (grant: {@code create_revision == 0} then put
 * under the lock lease; release: {@code value ==} then delete), and no other request: no lease granted per lock, no
 * read after the grant (the transaction's revision is the fencing token), no watch, no keep-alive. A rise here is a
 * lost round trip on every lock.
 */
@ServerTest
@Timeout(120)
class EtcdRequestCountTest {
    private static final int ROUNDS = 25;
    private static final Pattern COUNTER =
            Pattern.compile("(?m)^(grpc_server_started_total|grpc_server_msg_received_total)\\{grpc_method=\"(\\w+)\""
                    + "[^}]*} (\\d+(?:\\.\\d+)?(?:e\\+\\d+)?)$");

    private static EtcdCluster etcd;

    @BeforeAll
    static void startServer() {
        etcd = EtcdCluster.start(1);
    }

    @AfterAll
    static void stopServer() {
        etcd.close();
    }

    @Test
    void acquireAndReleaseAreTwoTransactionsAndNothingElse() {
        assertThat(requestsPerRound(lock -> lock.acquire().release())).isEqualTo(Map.of("Txn started", 2L));
    }

    @Test
    void tryAcquireAndReleaseAreTwoTransactionsAndNothingElse() {
        assertThat(requestsPerRound(
                        lock -> lock.tryAcquire().map(LockLease::release).orElseThrow()))
                .isEqualTo(Map.of("Txn started", 2L));
    }

    @Test
    void aRefusedTryAcquireIsOneTransaction() {
        try (Coordinator holder = Coordinator.builder(url()).memberId("holder").build()) {
            holder.start();
            try (LockLease held = holder.getLock("count-refused").acquire()) {
                assertThat(requestsPerRound(
                                lock -> assertThat(lock.tryAcquire()).isEmpty(), "count-refused"))
                        .isEqualTo(Map.of("Txn started", 1L));
                assertThat(held.isStillOwner()).isTrue();
            }
        }
    }

    private interface Round {
        void run(DistributedLock lock);
    }

    private static String url() {
        return "etcd3+http://" + etcd.endpoint(0);
    }

    private static Map<String, Long> requestsPerRound(Round round) {
        return requestsPerRound(round, "count-" + System.nanoTime());
    }

    /**
     * The requests of one round, per method, as the server counted them over {@link #ROUNDS} rounds (calls started,
     * and messages on streams such as lease keep-alives). A heartbeat of the coordinator's that falls inside the
     * measurement (it refreshes its leases) shows as keep-alive messages: then it is measured again.
     */
    private static Map<String, Long> requestsPerRound(Round round, String lockName) {
        try (Coordinator c = Coordinator.builder(url()).memberId("counted").build()) {
            c.start();
            DistributedLock lock = c.getLock(lockName);
            round.run(lock); // warm: connections made, the lock lease fresh
            Map<String, Long> perRound = Map.of();
            for (int attempt = 0; attempt < 3; attempt++) {
                Map<String, Long> before = counters();
                for (int i = 0; i < ROUNDS; i++) {
                    round.run(lock);
                }
                Map<String, Long> delta = delta(before, counters());
                if (delta.containsKey("LeaseKeepAlive received")) {
                    continue;
                }
                perRound = new TreeMap<>();
                for (Map.Entry<String, Long> e : delta.entrySet()) {
                    if (e.getKey().endsWith(" started")) {
                        assertThat(e.getValue() % ROUNDS)
                                .as("%s over %d rounds: %s", e.getKey(), ROUNDS, delta)
                                .isZero();
                        perRound.put(e.getKey(), e.getValue() / ROUNDS);
                    }
                }
                assertThat(delta.keySet())
                        .as("unary requests only (every one a call started and a message received): %s", delta)
                        .allMatch(k -> k.endsWith(" started") || delta.containsKey(k.replace(" received", " started")));
                return perRound;
            }
            throw new AssertionError("a heartbeat fell inside each of 3 measurements; last: " + perRound);
        }
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    /** The server's gRPC counters: {@code "Txn started"}, {@code "LeaseKeepAlive received"}... */
    private static Map<String, Long> counters() {
        String text;
        try (InputStream in =
                URI.create("http://" + etcd.endpoint(0) + "/metrics").toURL().openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> counters = new TreeMap<>();
        Matcher m = COUNTER.matcher(text);
        while (m.find()) {
            String kind = m.group(1).equals("grpc_server_started_total") ? " started" : " received";
            counters.merge(m.group(2) + kind, (long) Double.parseDouble(m.group(3)), Long::sum);
        }
        assertThat(counters).as("gRPC counters in etcd's /metrics").containsKey("Txn started");
        return counters;
    }
}
