package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.ToozException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the database driver promises about locks: waits happen in the server, an interrupted wait is cancelled
 * there, MySQL's counter rows keep their tokens growing when their table is emptied (as a restart empties it), holders
 * are named, and the tables carry a schema version that starting migrates from.
 */
@Timeout(120)
@ServerTest
class JdbcLockTest {
    private static final String PREFIX = "locks_";

    @BeforeAll
    static void serversAreUp() {
        SharedServer.POSTGRESQL.require();
        SharedServer.MYSQL.require();
    }

    private static Coordinator coordinator(String url, String prefix) {
        Coordinator c = Coordinator.builder(url + "?timeout=2&table_prefix=" + prefix)
                .memberId("m-" + UUID.randomUUID())
                .build();
        c.start();
        return c;
    }

    private static JdbcAdmin admin(String url) {
        return new JdbcAdmin(url.startsWith("postgresql"));
    }

    /** Lock requests waiting in the server now. */
    private static long serverWaits(String url) throws SQLException {
        String sql = url.startsWith("postgresql")
                ? "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT GET_LOCK%'";
        try (Connection c = admin(url).connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {JdbcServers.POSTGRESQL, JdbcServers.MYSQL})
    void aBlockedAcquireWaitsInTheServerAndGetsTheLockOnRelease(String url) throws Exception {
        String name = "wait-" + UUID.randomUUID();
        try (Coordinator c1 = coordinator(url, PREFIX);
                Coordinator c2 = coordinator(url, PREFIX)) {
            LockLease held = c1.getLock(name).acquire();
            long before = serverWaits(url);
            CompletableFuture<LockLease> waiting =
                    CompletableFuture.supplyAsync(() -> c2.getLock(name).acquire(Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10)).until(() -> serverWaits(url) > before);
            assertThat(waiting).isNotDone();
            held.release();
            LockLease next = waiting.get();
            assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
            next.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {JdbcServers.POSTGRESQL, JdbcServers.MYSQL})
    void anInterruptedWaitIsCancelledInTheServer(String url) throws Exception {
        String name = "interrupt-" + UUID.randomUUID();
        try (Coordinator c1 = coordinator(url, PREFIX);
                Coordinator c2 = coordinator(url, PREFIX);
                Coordinator c3 = coordinator(url, PREFIX)) {
            LockLease held = c1.getLock(name).acquire();
            long before = serverWaits(url);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    c2.getLock(name).acquire();
                    outcome.set(new AssertionError("acquired although interrupted"));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            waiter.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> serverWaits(url) > before);
            waiter.interrupt();
            waiter.join(5000);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(outcome.get()).isInstanceOf(ToozException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> serverWaits(url) == before);
            held.release();
            Optional<LockLease> third = c3.getLock(name).tryAcquire();
            assertThat(third).as("the cancelled waiter did not take the lock").isPresent();
        }
    }

    /** MySQL has no sequences: its tokens come from a counter row per lock, tested here on MariaDB. */
    @org.junit.jupiter.api.Test
    void mySqlCounterRowsGiveGrowingTokensEvenWhenTheirMemoryTableIsEmptiedAsARestartEmptiesIt() throws Exception {
        try (Coordinator c = coordinator(JdbcServers.MYSQL, PREFIX); // creates the tables
                Connection firstSession = admin(JdbcServers.MYSQL).connect();
                Connection secondSession = admin(JdbcServers.MYSQL).connect()) {
            JdbcPool.Conn one = new JdbcPool.Conn(firstSession, 1);
            JdbcPool.Conn two = new JdbcPool.Conn(secondSession, 2);
            MySqlDialect mysql = new MySqlDialect();
            mysql.learn(firstSession);
            mysql.useCounterRows();
            LockKey k = mysql.lockKey(io.tooz.spi.LockId.lock("counter-" + UUID.randomUUID()), false);
            long first = mysql.tryLock(one, PREFIX, k).orElseThrow();
            assertThat(mysql.tryLock(two, PREFIX, k))
                    .as("held by the other session")
                    .isEmpty();
            assertThat(mysql.lastToken(secondSession, PREFIX, k)).hasValue(first);
            assertThat(mysql.unlock(one, PREFIX, k)).isTrue();
            try (Statement st = secondSession.createStatement()) {
                st.executeUpdate("DELETE FROM " + PREFIX + "fences");
            }
            assertThat(mysql.waitLock(secondSession, k, 1000)).isTrue();
            long second = mysql.token(secondSession, PREFIX, k);
            assertThat(second).isGreaterThan(first);
            assertThat(mysql.unlock(two, PREFIX, k)).isTrue();
            long third = mysql.tryLock(one, PREFIX, k).orElseThrow();
            assertThat(third).isGreaterThan(second);
            mysql.unlock(one, PREFIX, k);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {JdbcServers.POSTGRESQL, JdbcServers.MYSQL})
    void aLockHeldByAnotherMemberNamesItsHolder(String url) {
        String name = "holder-" + UUID.randomUUID();
        try (Coordinator c1 = coordinator(url, PREFIX);
                Coordinator c2 = coordinator(url, PREFIX)) {
            LockLease held = c1.getLock(name).acquire();
            assertThat(c2.getLock(name).holder()).contains(c1.memberId());
            held.release();
            assertThat(c2.getLock(name).holder()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {JdbcServers.POSTGRESQL, JdbcServers.MYSQL})
    void theTablesRecordTheirSchemaVersionAndANewerOneIsRefused(String url) throws Exception {
        String prefix = "v" + UUID.randomUUID().toString().substring(0, 8) + "_";
        try (Coordinator c = coordinator(url, prefix);
                Connection admin = admin(url).connect();
                Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version FROM " + prefix + "schema")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(JdbcSchema.VERSION);
            }
            st.executeUpdate("UPDATE " + prefix + "schema SET version = " + (JdbcSchema.VERSION + 1));
            assertThatThrownBy(() -> coordinator(url, prefix))
                    .isInstanceOf(ToozException.class)
                    .hasMessageContaining("newer than this tooz-java knows");

            // version 1 lacked the connections table and the sequence: starting migrates
            st.executeUpdate("UPDATE " + prefix + "schema SET version = 1");
            st.execute("DROP TABLE " + prefix + "connections");
            st.execute("DROP SEQUENCE IF EXISTS " + prefix + "fence_seq");
            try (Coordinator migrated = coordinator(url, prefix)) {
                migrated.getLock("after-migration").acquire().release();
            }
            try (ResultSet rs = st.executeQuery("SELECT version FROM " + prefix + "schema")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(JdbcSchema.VERSION);
            }
        } finally {
            try (Connection admin = admin(url).connect();
                    Statement st = admin.createStatement()) {
                for (String t : List.of(
                        "queues", "claims", "fences", "connections", "members", "sessions", "groups", "schema")) {
                    st.execute("DROP TABLE IF EXISTS " + prefix + t);
                }
                st.execute("DROP SEQUENCE IF EXISTS " + prefix + "fence_seq");
            }
        }
    }
}
