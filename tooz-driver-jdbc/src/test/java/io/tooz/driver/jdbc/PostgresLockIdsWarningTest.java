package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A PostgreSQL coordinator whose grant finds the same lock held in the other {@code lock_ids} layout (which it does not
 * exclude) logs one WARN naming the option that would make them share; the grant's own statement asks. Two Java
 * coordinators stand in for Java and Python here; tooz-interop's PostgresInteropTest meets Python tooz 3.1.0 itself.
 */
@ServerTest
@Timeout(60)
class PostgresLockIdsWarningTest {
    private final String name = "ids-" + UUID.randomUUID();

    @BeforeAll
    static void postgresIsUp() {
        SharedServer.POSTGRESQL.require();
    }

    private static Coordinator started(String member, String lockIds) {
        Coordinator c = Coordinator.builder(
                        JdbcServers.POSTGRESQL + "?timeout=5&table_prefix=locks_&lock_ids=" + lockIds)
                .memberId(member)
                .build();
        c.start();
        return c;
    }

    @Test
    void aHash64GrantWarnsOnceWhenTheToozLayoutOfItsLockIsHeld() {
        try (Coordinator tooz = started("tooz-ids", "tooz");
                Coordinator hash64 = started("hash64-ids", "hash64");
                OutputCapture out = new OutputCapture()) {
            LockLease pythonLike = tooz.getLock(name).acquire();
            LockLease beside = hash64.getLock(name).tryAcquire().orElseThrow(); // the layouts do not exclude
            beside.release();
            hash64.getLock(name).tryAcquire().orElseThrow().release();
            hash64.getLock(name + "-other").tryAcquire().orElseThrow().release();
            pythonLike.release();

            assertThat(warnings(out)).as(out.text()).isEqualTo(1);
            assertThat(out.text())
                    .contains("hash64-ids: lock " + name + " is also held as Python tooz's advisory lock (")
                    .contains("set lock_ids=tooz");
        }
    }

    @Test
    void aToozGrantWarnsOnceWhenTheHash64LayoutOfItsLockIsHeld() {
        try (Coordinator hash64 = started("hash64-ids", "hash64");
                Coordinator tooz = started("tooz-ids", "tooz");
                OutputCapture out = new OutputCapture()) {
            LockLease held = hash64.getLock(name).acquire();
            tooz.getLock(name).tryAcquire().orElseThrow().release();
            tooz.getLock(name).tryAcquire().orElseThrow().release();
            held.release();
            tooz.getLock(name).tryAcquire().orElseThrow().release();

            assertThat(warnings(out)).as(out.text()).isEqualTo(1);
            assertThat(out.text())
                    .contains(
                            "tooz-ids: lock " + name + " is also held as tooz for Java's default 64-bit advisory lock")
                    .contains("set lock_ids=hash64");
        }
    }

    @Test
    void noWarningWhileOnlyOneLayoutIsUsed() {
        try (Coordinator a = started("a-ids", "hash64");
                Coordinator b = started("b-ids", "hash64");
                OutputCapture out = new OutputCapture()) {
            LockLease held = a.getLock(name).acquire();
            assertThat(b.getLock(name).tryAcquire()).isEmpty();
            held.release();
            b.getLock(name).tryAcquire().orElseThrow().release();
            assertThat(warnings(out)).as(out.text()).isZero();
        }
    }

    private static long warnings(OutputCapture out) {
        return out.text()
                .lines()
                .filter(l -> l.contains("WARN") && l.contains("is also held as"))
                .count();
    }
}
