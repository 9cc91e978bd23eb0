package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import io.tooz.tck.ServerTest;
import io.tooz.tck.StubDriverContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain locks on a memcached of the test's own, driven directly: what a grant and a release cost in round trips and
 * which commands the server saw, on memcached 1.6.10+ (meta commands) and as an older server would be spoken to (text
 * commands), and that the two kinds of client exclude each other and share one counter of tokens.
 */
@Timeout(60)
@ServerTest
class MemcachedLocksTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final long WAIT = TimeUnit.SECONDS.toNanos(15); // a new server grants nothing for a lock TTL
    private static PrivateMemcached memcached;

    private final LockId id = LockId.lock("l-" + UUID.randomUUID());
    private final List<MemcachedDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        memcached = PrivateMemcached.start();
    }

    @AfterAll
    static void stopServer() {
        memcached.close();
    }

    @AfterEach
    void close() {
        drivers.forEach(MemcachedDriver::close);
    }

    private MemcachedDriver start(String member, boolean textOnly) {
        MemcachedSettings settings = new MemcachedSettings(
                "127.0.0.1", memcached.port, Duration.ofSeconds(2), TTL, TTL, TTL, 1, Duration.ofMillis(50));
        MemcachedDriver d = new MemcachedDriver(
                new StubDriverContext(
                        member,
                        io.tooz.spi.ConnectionUrl.parse(memcached.url()),
                        new io.tooz.spi.DriverOptions("memcached", Map.of()),
                        null,
                        (lease, reason) -> {}),
                settings,
                Clock.systemUTC());
        d.start();
        if (textOnly) {
            d.client().metaSince(new MemcachedVersion(99, 0, 0));
        }
        drivers.add(d);
        return d;
    }

    private static DriverLocks locks(MemcachedDriver d) {
        return d.facets().locks();
    }

    /** The server's counters, read on a connection of the test's own. */
    private static Map<String, Long> stats() throws IOException {
        try (MemcachedConnection c = MemcachedConnection.open("127.0.0.1", memcached.port, Duration.ofSeconds(2))) {
            c.send("stats", null);
            Map<String, Long> out = new HashMap<>();
            for (String line = c.readLine(); !line.equals("END"); line = c.readLine()) {
                String[] f = line.split(" ");
                if (f[2].matches("\\d+")) {
                    out.put(f[1], Long.parseLong(f[2]));
                }
            }
            return out;
        }
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String stat) {
        return after.get(stat) - before.get(stat);
    }

    @Test
    void onAMetaServerAGrantIsOneRoundTripAndAReleaseOneCompareAndDelete() throws IOException {
        MemcachedDriver d = start("a", false);
        DriverLocks a = locks(d);
        assertThat(a.release(a.acquire(id, "a", WAIT).orElseThrow())).isTrue(); // counter exists, version known
        int n = 20;
        long trips = d.client().roundTrips();
        Map<String, Long> before = stats();
        long last = 0;
        for (int i = 0; i < n; i++) {
            DriverLease lease = a.acquire(id, "a", WAIT).orElseThrow();
            assertThat(lease.fencingToken()).isGreaterThan(last);
            last = lease.fencingToken();
            assertThat(a.release(lease)).isTrue();
        }
        Map<String, Long> after = stats();
        assertThat(d.client().roundTrips() - trips).as("round trips").isEqualTo(2L * n);
        assertThat(delta(before, after, "cmd_set")).as("ms").isEqualTo(n);
        assertThat(delta(before, after, "incr_hits")).as("ma").isEqualTo(n);
        assertThat(delta(before, after, "get_hits")).as("mg").isEqualTo(n);
        assertThat(delta(before, after, "delete_hits")).as("md").isEqualTo(n);
        assertThat(delta(before, after, "cas_hits")).as("no text cas").isZero();
    }

    @Test
    void toAnOlderServerTheTextCommandsAreSentAndReleaseIsACas() throws IOException {
        MemcachedDriver d = start("a", true);
        DriverLocks a = locks(d);
        assertThat(a.release(a.acquire(id, "a", WAIT).orElseThrow())).isTrue();
        long trips = d.client().roundTrips();
        Map<String, Long> before = stats();
        assertThat(a.release(a.acquire(id, "a", WAIT).orElseThrow())).isTrue();
        Map<String, Long> after = stats();
        assertThat(d.client().roundTrips() - trips).as("add, incr, gets, cas").isEqualTo(4);
        assertThat(delta(before, after, "cas_hits")).as("cas").isEqualTo(1);
        assertThat(delta(before, after, "delete_hits")).as("no md").isZero();
    }

    @Test
    void metaAndTextClientsExcludeEachOtherAndTheirTokensRiseInGrantOrder() {
        DriverLocks meta = locks(start("meta", false));
        DriverLocks text = locks(start("text", true));
        DriverLease first = meta.acquire(id, "meta", WAIT).orElseThrow();
        assertThat(text.acquire(id, "text", 0)).isEmpty();
        assertThat(meta.acquire(id, "meta", 0)).as("not reentrant").isEmpty();
        assertThat(text.holder(id)).contains("meta");
        assertThat(meta.release(first)).isTrue();

        DriverLease second = text.acquire(id, "text", 0).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(meta.acquire(id, "meta", 0)).isEmpty();
        assertThat(meta.release(first))
                .as("an old grant never deletes a newer one")
                .isFalse();
        assertThat(text.isStillOwner(second)).isTrue();
        assertThat(text.release(second)).isTrue();

        DriverLease third = meta.acquire(id, "meta", 0).orElseThrow();
        assertThat(third.fencingToken()).isGreaterThan(second.fencingToken());
        assertThat(text.release(second)).isFalse();
        assertThat(meta.isStillOwner(third)).isTrue();
        assertThat(meta.release(third)).isTrue();
        assertThat(meta.holder(id)).isEmpty();
    }

    @Test
    void aBrokenGrantIsNotReleasedByItsOldHolderAndTheNextGetsAHigherToken() {
        DriverLocks a = locks(start("a", false));
        DriverLocks b = locks(start("b", false));
        DriverLease old = a.acquire(id, "a", WAIT).orElseThrow();
        assertThat(b.forceBreak(id)).isTrue();
        DriverLease next = b.acquire(id, "b", 0).orElseThrow();
        assertThat(next.fencingToken()).isGreaterThan(old.fencingToken());
        assertThat(a.release(old)).isFalse();
        assertThat(b.holder(id)).contains("b");
        assertThat(b.release(next)).isTrue();
    }
}
