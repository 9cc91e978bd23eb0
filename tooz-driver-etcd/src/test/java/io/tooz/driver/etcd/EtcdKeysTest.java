package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keys and values are Python tooz's (etcd3gw driver), read and written here with a plain jetcd client: what
 * tooz-java writes is what Python reads, and what Python writes tooz-java understands.
 */
@Timeout(60)
@ServerTest
class EtcdKeysTest {
    private static final String URL = "etcd3+http://" + SharedServer.ETCD.hostPort() + "?timeout=5";
    private final Client raw =
            Client.builder().endpoints("http://" + SharedServer.ETCD.hostPort()).build();
    private final String g = "keys-" + UUID.randomUUID();

    @BeforeAll
    static void serverIsUp() {
        SharedServer.ETCD.require();
    }

    @AfterEach
    void close() {
        raw.close();
    }

    private static ByteSequence b(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private List<KeyValue> get(String key) throws Exception {
        return raw.getKVClient().get(b(key)).get(5, TimeUnit.SECONDS).getKvs();
    }

    @Test
    void groupsMembersAndLocksLiveWherePythonToozPutsThem() throws Exception {
        try (Coordinator c = Coordinator.builder(URL).memberId("java-1").build()) {
            c.start();
            c.joinGroupCreate(g, Capabilities.of(Map.of("weight", 3)));
            KeyValue group = get("tooz/groups/" + g + "/").get(0);
            assertThat(group.getValue()).isEqualTo(b("tooz/groups/" + g + "/"));
            assertThat(group.getLease()).isZero();
            KeyValue member = get("tooz/groups/" + g + "/java-1").get(0);
            assertThat(Capabilities.decode(member.getValue().getBytes()).getLong("weight"))
                    .contains(3L);
            assertThat(member.getLease()).isNotZero();
            long ttl = raw.getLeaseClient()
                    .timeToLive(member.getLease(), io.etcd.jetcd.options.LeaseOption.DEFAULT)
                    .get(5, TimeUnit.SECONDS)
                    .getGrantedTTL();
            assertThat(ttl).isEqualTo(5);

            try (LockLease lease = c.getLock("pay roll ☃").acquire()) {
                KeyValue lock = get("/tooz/locks" + "pay roll ☃").get(0);
                assertThat(lease.fencingToken()).isEqualTo(lock.getCreateRevision());
                assertThat(lock.getLease()).isNotZero().isNotEqualTo(member.getLease());
                assertThat(c.getLock("pay roll ☃").holder()).contains("java-1");
            }
            assertThat(get("/tooz/locks" + "pay roll ☃")).isEmpty();
            assertThat(c.getGroups().get()).contains(g).noneMatch(x -> x.contains("/"));
        }
        assertThat(get("tooz/groups/" + g + "/java-1"))
                .as("stop revokes the member's lease")
                .isEmpty();
        assertThat(get("tooz/groups/" + g + "/"))
                .as("the group outlives its members")
                .hasSize(1);
    }

    @Test
    void aPythonStyleMemberAndLockAreUnderstood() throws Exception {
        long lease = raw.getLeaseClient().grant(30).get(5, TimeUnit.SECONDS).getID();
        ByteSequence groupKey = b("tooz/groups/" + g + "/");
        raw.getKVClient().put(groupKey, groupKey).get(5, TimeUnit.SECONDS);
        raw.getKVClient()
                .put(
                        b("tooz/groups/" + g + "/python-1"),
                        ByteSequence.from(Capabilities.of(Map.of("host", "py")).encode()),
                        PutOption.builder().withLeaseId(lease).build())
                .get(5, TimeUnit.SECONDS);
        byte[] uuid = new byte[16];
        new java.util.Random().nextBytes(uuid);
        String lockName = "py-" + UUID.randomUUID();
        ByteSequence lockKey = b("/tooz/locks" + lockName);
        boolean took = raw.getKVClient()
                .txn()
                .If(new Cmp(lockKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(
                        lockKey,
                        ByteSequence.from(uuid),
                        PutOption.builder().withLeaseId(lease).build()))
                .commit()
                .get(5, TimeUnit.SECONDS)
                .isSucceeded();
        assertThat(took).isTrue();
        try (Coordinator c = Coordinator.builder(URL).memberId("java-2").build()) {
            c.start();
            assertThat(c.getMembers(g).get()).containsExactly("python-1");
            assertThat(c.getMemberCapabilities(g, "python-1").get().getString("host"))
                    .contains("py");
            assertThat(c.getLock(lockName).tryAcquire()).isEmpty();
            assertThat(c.getLock(lockName).holder())
                    .contains("python-tooz:" + java.util.HexFormat.of().formatHex(uuid));
            raw.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> c.getLock(lockName)
                    .tryAcquire()
                    .map(l -> {
                        l.release();
                        return true;
                    })
                    .orElse(false));
            assertThat(c.getMembers(g).get()).isEmpty();
        }
    }
}
