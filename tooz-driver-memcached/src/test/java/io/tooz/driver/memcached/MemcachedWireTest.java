package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.InvalidNameException;
import io.tooz.LockLease;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bytes Java leaves in memcached are Python tooz's: keys, item flags and MessagePack layout. */
@Timeout(30)
@ServerTest
class MemcachedWireTest {
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void serverIsUp() {
        SharedServer.MEMCACHED.require();
    }

    private static MemcachedClient raw() {
        return new MemcachedClient("127.0.0.1", 11211, Duration.ofSeconds(2), 2);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void groupsMembersLocksAndLeadersUsePythonKeysFlagsAndEncoding() {
        String member = "m-" + id;
        String group = "g-" + id;
        try (Coordinator c = Coordinator.builder("memcached://" + SharedServer.MEMCACHED.hostPort() + "?timeout=5")
                        .memberId(member)
                        .build();
                MemcachedClient raw = raw()) {
            c.start();
            MemcachedItem alive = raw.gets("_TOOZ_MEMBER_" + member).orElseThrow();
            assertThat(alive.flags()).isEqualTo(1);
            assertThat(new String(alive.value(), StandardCharsets.US_ASCII)).isEqualTo("It's alive!");

            c.createGroup(group).get();
            assertThat(raw.gets("_TOOZ_GROUP_" + group).orElseThrow())
                    .satisfies(i -> assertThat(i.flags()).isEqualTo(2))
                    .satisfies(i -> assertThat(hex(i.value())).isEqualTo("80"));
            assertThat(MemcachedValues.decodeList(raw.gets("_TOOZ_GROUP_LIST").orElseThrow(), "list"))
                    .containsKey(group);

            c.joinGroup(group, Capabilities.of(7L)).get();
            // {bin member: {bin "capabilities": 7}}
            String expected = "81" + "c4" + String.format("%02x", member.length())
                    + hex(member.getBytes(StandardCharsets.UTF_8)) + "81" + "c40c"
                    + hex("capabilities".getBytes(StandardCharsets.UTF_8)) + "07";
            assertThat(hex(raw.gets("_TOOZ_GROUP_" + group).orElseThrow().value()))
                    .isEqualTo(expected);

            try (LockLease lease = c.getLock("l-" + id).acquire()) {
                MemcachedItem lock = raw.gets("__TOOZ_LOCK_l-" + id).orElseThrow();
                assertThat(lock.flags()).isEqualTo(1);
                assertThat(new String(lock.value(), StandardCharsets.UTF_8)).isEqualTo(member);
                assertThat(new String(
                                raw.gets("__TOOZ_FENCE_l-" + id).orElseThrow().value(), StandardCharsets.US_ASCII))
                        .isEqualTo(Long.toString(lease.fencingToken()));
            }
            assertThat(raw.gets("__TOOZ_LOCK_l-" + id)).isEmpty();

            c.watchElectedAsLeader(group, e -> {});
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> raw.gets(
                            "__TOOZ_LOCK__TOOZ_GROUP_LEADER_" + group)
                    .map(i -> new String(i.value(), StandardCharsets.UTF_8).equals(member))
                    .orElse(false));
            assertThat(c.getLeader(group).get()).contains(member);
        }
    }

    @Test
    void aGroupWrittenByPythonWithStrKeysAndOtherFieldsIsReadAndKeptAsItWas() {
        String group = "py-" + id;
        try (MemcachedClient raw = raw();
                Coordinator c = Coordinator.builder("memcached://" + SharedServer.MEMCACHED.hostPort() + "?timeout=5")
                        .memberId("java-" + id)
                        .build()) {
            // {"py": {"capabilities": b"", "x": 1}} with str keys, as a newer Python with str ids writes it
            byte[] py = HexFormat.of().parseHex("81a2707982ac6361706162696c6974696573c400a17801");
            raw.set("_TOOZ_GROUP_" + group, 2, 0, py);
            raw.set("_TOOZ_MEMBER_py", 1, 30, "It's alive!".getBytes(StandardCharsets.US_ASCII));
            c.start();
            assertThat(c.getMemberCapabilities(group, "py").get()).isEqualTo(Capabilities.of(new byte[0]));
            c.joinGroup(group).get();
            assertThat(c.getMembers(group).get()).containsExactlyInAnyOrder("py", "java-" + id);
            assertThat(hex(raw.gets("_TOOZ_GROUP_" + group).orElseThrow().value()))
                    .startsWith("82a2707982ac6361706162696c6974696573c400a17801");
            raw.delete("_TOOZ_GROUP_" + group);
        }
    }

    @Test
    void namesMemcachedCannotHoldAreRefusedSayingWhy() {
        try (Coordinator c = Coordinator.builder("memcached://" + SharedServer.MEMCACHED.hostPort() + "?timeout=5")
                .memberId("m-" + id)
                .build()) {
            c.start();
            assertThatThrownBy(() -> c.createGroup("a b").get())
                    .isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("whitespace");
            assertThatThrownBy(() -> c.getLock("x".repeat(240)).tryAcquire())
                    .isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("250");
        }
    }
}
