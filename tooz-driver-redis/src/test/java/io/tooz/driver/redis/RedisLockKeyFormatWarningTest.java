package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * A coordinator that meets the other {@code lock_key_format} (a lock held under the other key, a member with Python
 * tooz 8.1's default capabilities) logs one WARN per kind naming the option that would make them share; the evidence
 * comes with the acquire's and the member read's own round trip. Two Java coordinators stand in for the two Python
 * generations here; tooz-interop's RedisInteropTest meets Python tooz 3.1.0 itself.
 */
@ServerTest
@Timeout(60)
class RedisLockKeyFormatWarningTest {
    private final String ns = "_tooz_fmt_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void redisIsThere() {
        SharedServer.REDIS.require();
    }

    @AfterEach
    void removeNamespace() {
        try (Jedis redis = jedis()) {
            var keys = redis.keys("*" + ns + "*");
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
        }
    }

    private Jedis jedis() {
        String[] hp = SharedServer.REDIS.hostPort().split(":");
        return new Jedis(hp[0], Integer.parseInt(hp[1]));
    }

    private Coordinator started(String member, String format) {
        Coordinator c = Coordinator.builder(
                        "redis://" + SharedServer.REDIS.hostPort() + "?namespace=" + ns + "&lock_key_format=" + format)
                .memberId(member)
                .build();
        c.start();
        return c;
    }

    @Test
    void aModernAcquirerWarnsOnceWhenTheLegacyKeyOfItsLockIsHeld() {
        try (Coordinator legacy = started("legacy", "legacy");
                Coordinator modern = started("modern", "modern");
                OutputCapture out = new OutputCapture()) {
            LockLease old = legacy.getLock("x").acquire();
            LockLease other = modern.getLock("x").tryAcquire().orElseThrow(); // the two formats do not exclude
            other.release();
            modern.getLock("x").tryAcquire().orElseThrow().release();
            modern.getLock("leader-of-nothing").tryAcquire().orElseThrow().release();
            old.release();

            assertThat(warnings(out, "is also held under the key"))
                    .as(out.text())
                    .isEqualTo(1);
            assertThat(out.text())
                    .contains("lock x is also held under the key b'" + ns + "'_b'x'_lock")
                    .contains("set lock_key_format=legacy");
        }
    }

    @Test
    void aLegacyAcquirerWarnsOnceWhenTheModernKeyOfALeadershipIsHeld() throws Exception {
        try (Coordinator modern = started("modern", "modern");
                Coordinator legacy = started("legacy", "legacy");
                OutputCapture out = new OutputCapture()) {
            modern.createGroup("g").get();
            modern.watchElectedAsLeader("g", e -> {});
            await().until(() -> modern.getLeader("g").get().isPresent());
            legacy.watchElectedAsLeader("g", e -> {});
            await().until(() -> warnings(out, "is also held under the key") == 1);
            Thread.sleep(1500); // more election rounds: still one warning
            assertThat(warnings(out, "is also held under the key")).isEqualTo(1);
            assertThat(out.text())
                    .contains("the leadership of group g is also held under the key " + ns + "_leader_of_g_lock")
                    .contains("set lock_key_format=modern");
        }
    }

    @Test
    void aModernReaderWarnsOnceAboutAMemberWithPython81sDefaultCapabilities() throws Exception {
        try (Coordinator modern = started("modern", "modern");
                Coordinator legacy = started("legacy", "legacy");
                OutputCapture out = new OutputCapture()) {
            modern.createGroup("g").get();
            modern.joinGroup("g").get(); // None, as Python 9.0
            assertThat(modern.getMembers("g").get()).containsExactly("modern");
            assertThat(warnings(out, "joined with capabilities b''")).isZero();

            try (Jedis redis = jedis()) { // what Python 3.1.0's join_group(b"g") writes
                redis.hset((ns + "_group:g").getBytes(), "py".getBytes(), new byte[] {(byte) 0xc4, 0});
                redis.psetex(ns + "_beats:py", 10_000, "Not dead!");
            }
            assertThat(modern.getMembers("g").get()).containsExactlyInAnyOrder("modern", "py");
            assertThat(modern.getMembersWithCapabilities("g").get()).containsKeys("modern", "py");
            assertThat(legacy.getMembersWithCapabilities("g").get()).containsKeys("modern", "py");
            assertThat(warnings(out, "joined with capabilities b''"))
                    .as(out.text())
                    .isEqualTo(1);
            assertThat(out.text())
                    .contains("modern: member py of group g joined with capabilities b''")
                    .contains("set lock_key_format=legacy");
        }
    }

    private static long warnings(OutputCapture out, String marker) {
        return out.text()
                .lines()
                .filter(l -> l.contains("WARN") && l.contains(marker))
                .count();
    }
}
