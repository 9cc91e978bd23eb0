package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults against a memcached of the test's own: a restart under a held lock, and a server that is down. */
@Timeout(90)
@ServerTest
class MemcachedFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Coordinator coordinator(PrivateMemcached m, String member) {
        Coordinator c =
                Coordinator.builder(m.url() + "?timeout=2").memberId(member).build();
        c.start();
        return c;
    }

    @Test
    void aServerRestartLosesTheLeaseAndTheNextHolderGetsAHigherToken() throws Exception {
        try (PrivateMemcached m = PrivateMemcached.start();
                Coordinator c1 = coordinator(m, "c1");
                Coordinator c2 = coordinator(m, "c2")) {
            c1.joinGroupCreate("g");
            LockLease first = c1.getLock("x").acquire();

            m.kill();
            m.restart(); // empty: it grants nothing until it has been up a lock TTL

            LockLease second = c2.getLock("x").acquire(WAIT);
            assertThat(first.lost().toCompletableFuture().isDone())
                    .as("the old holder was told before the grant")
                    .isTrue();
            assertThat(first.lost().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isIn(LossReason.EXPIRED, LossReason.CONNECTION_LOST);
            assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
            assertThat(first.isStillOwner()).isFalse();
            assertThat(first.release()).isFalse();
            assertThat(second.isStillOwner()).isTrue();
            second.release();
        }
    }

    @Test
    void aServerThatIsDownFailsStartNamingIt() throws Exception {
        PrivateMemcached m = PrivateMemcached.start();
        m.kill();
        Coordinator c =
                Coordinator.builder(m.url() + "?timeout=1").memberId("m").build();
        assertThatThrownBy(c::start)
                .isInstanceOf(ToozConnectionException.class)
                .hasMessageContaining("127.0.0.1:" + m.port)
                .hasMessageContaining("check that memcached runs there")
                .hasMessageNotContaining("backends.sh");
    }
}
