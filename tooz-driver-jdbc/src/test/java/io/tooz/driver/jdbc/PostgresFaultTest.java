package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.LockLease;
import io.tooz.ToozConnectionException;
import io.tooz.tck.SharedServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link JdbcFaultTest} on PostgreSQL: {@code pg_terminate_backend}, a restart of the cluster, and a crash. */
class PostgresFaultTest extends JdbcFaultTest {
    @BeforeAll
    static void serverIsUp() {
        SharedServer.POSTGRESQL.require();
    }

    @Override
    String url() {
        return JdbcServers.POSTGRESQL;
    }

    @Override
    JdbcAdmin admin() {
        return new JdbcAdmin(true);
    }

    /**
     * Grants commit without waiting for the WAL flush, so a crash right after a burst of grants loses the fencing
     * sequence's last WAL records and it comes back below tokens already handed out: the next grant's token must still
     * be above every one of them, on a connection that outlived nothing and on the coordinator that held them.
     */
    @Test
    void tokensAfterACrashExceedEveryTokenHandedOutBeforeIt() throws Exception {
        String name = "fault-crash-" + UUID.randomUUID();
        String url = url() + "?timeout=2&table_prefix=fault_";
        try (Coordinator before =
                Coordinator.builder(url).memberId("before-" + UUID.randomUUID()).build()) {
            before.start();
            DistributedLock lock = before.getLock(name);
            long highest = 0;
            for (int i = 0; i < 3_000; i++) {
                try (LockLease lease = lock.acquire()) {
                    assertThat(lease.fencingToken()).isGreaterThan(highest);
                    highest = lease.fencingToken();
                }
            }

            admin().crash();

            try (Coordinator after = Coordinator.builder(url)
                    .memberId("after-" + UUID.randomUUID())
                    .build()) {
                after.start();
                assertThat(grantAfterRecovery(after.getLock(name))).isGreaterThan(highest);
            }
            assertThat(grantAfterRecovery(lock)).isGreaterThan(highest);
        }
    }

    private static long grantAfterRecovery(DistributedLock lock) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (LockLease lease = lock.acquire(Duration.ofSeconds(20))) {
                return lease.fencingToken();
            } catch (ToozConnectionException reconnecting) {
                assertThat(System.nanoTime() - deadline)
                        .as("acquire works again within 60 s")
                        .isNegative();
                Thread.sleep(50);
            }
        }
    }
}
