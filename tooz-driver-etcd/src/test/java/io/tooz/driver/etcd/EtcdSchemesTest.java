package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code etcd3://} and {@code etcd://}, the schemes of Python tooz's python-etcd3 and v2 drivers: every option those
 * drivers read is accepted, TLS is decided as they decide it, {@code etcd3://} locks are python-etcd3's keys, and
 * {@code etcd://} says once per JVM that its locks are not Python's {@code etcd://} locks.
 */
@Timeout(60)
class EtcdSchemesTest {
    private static final String HOST = SharedServer.ETCD.hostPort();
    private static final String CA = "/etc/hostname"; // any readable file will do where nothing connects

    private static EtcdSettings settings(String url, Map<String, List<String>> options) {
        ConnectionUrl u = ConnectionUrl.parse(url);
        return EtcdDriverProvider.settings(u, new DriverOptions(u.scheme(), options));
    }

    private static ByteSequence b(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Test
    void etcd3AcceptsEveryOptionOfPythonsEtcd3DriverAndUsesTlsWhenCaCertIsGiven() {
        String all = "etcd3://h:1?timeout=7&lock_timeout=3&membership_timeout=4&executor=threaded&ca_cert=" + CA
                + "&cert_cert=" + CA + "&cert_key=" + CA;
        try (OutputCapture out = new OutputCapture()) {
            Coordinator.builder(all).memberId("m").build().close();
            assertThat(out.text()).contains("ignoring executor of etcd3://");
        }
        EtcdSettings s = settings("etcd3://h:1", Map.of("ca_cert", List.of(CA), "lock_timeout", List.of("3")));
        assertThat(s.scheme()).isEqualTo(EtcdScheme.GRPC);
        assertThat(s.tls()).isTrue();
        assertThat(s.endpoints()).containsExactly(URI.create("https://h:1"));
        assertThat(s.lockTtlSeconds()).isEqualTo(3);
        EtcdSettings plain = settings("etcd3://", Map.of());
        assertThat(plain.tls()).isFalse();
        assertThat(plain.endpoints()).containsExactly(URI.create("http://localhost:2379"));

        assertThatThrownBy(() -> settings("etcd3://h", Map.of("cert_cert", List.of(CA), "cert_key", List.of(CA))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("need ca_cert");
        assertThatThrownBy(() -> Coordinator.builder("etcd3://h?api_version=v3")
                        .memberId("m")
                        .build())
                .as("api_version is the etcd3gw driver's, not read by Python's etcd3:// driver")
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("unknown option api_version for etcd3://");
    }

    @Test
    void etcdAcceptsEveryOptionOfPythonsV2DriverAndUsesTlsWithProtocolHttps() {
        Coordinator.builder("etcd://h:1?protocol=http&timeout=7&lock_timeout=3")
                .memberId("m")
                .build()
                .close();
        EtcdSettings s = settings("etcd://h:1", Map.of("protocol", List.of("https"), "timeout", List.of("7")));
        assertThat(s.scheme()).isEqualTo(EtcdScheme.V2);
        assertThat(s.tls()).isTrue();
        assertThat(s.endpoints()).containsExactly(URI.create("https://h:1"));
        assertThat(s.lockTtlSeconds()).isEqualTo(7);
        assertThat(settings("etcd://h", Map.of()).tls()).isFalse();

        assertThatThrownBy(() -> settings("etcd://h", Map.of("protocol", List.of("ftp"))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("protocol");
        assertThatThrownBy(() -> settings("etcd://h", Map.of("ca_cert", List.of(CA))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("add protocol=https");
        assertThatThrownBy(() -> Coordinator.builder("etcd://h?executor=threaded")
                        .memberId("m")
                        .build())
                .as("Python's v2 driver has no executor")
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("unknown option executor for etcd://");
    }

    @Test
    void etcdSaysOncePerJvmThatItsLocksAreNotPythonsEtcdLocks() {
        EtcdDriverProvider.V2_NOTICE_GIVEN.set(false);
        try (OutputCapture out = new OutputCapture()) {
            for (int i = 0; i < 3; i++) {
                Coordinator.builder("etcd://h:1").memberId("m" + i).build().close();
            }
            Coordinator.builder("etcd3://h:1").memberId("n").build().close();
            String text = out.text();
            assertThat(text.split("NOT shared with Python tooz's etcd:// driver", -1))
                    .hasSize(2);
            assertThat(text).contains("WARN").contains("use etcd3+http(s)://");
        }
    }

    /**
     * On {@code etcd3://} a plain lock is python-etcd3's key {@code /locks/<N>}: a holder written as python-etcd3
     * writes it (a uuid under a lease, created by {@code create_revision == 0}) excludes Java, Java's grant excludes it,
     * and Java's release compares its own value. Groups stay at {@code tooz/groups/}.
     */
    @Test
    @ServerTest
    void etcd3LocksLiveAtPythonEtcd3Keys() throws Exception {
        SharedServer.ETCD.require();
        String name = "schemes-" + UUID.randomUUID();
        ByteSequence key = b("/locks/" + name);
        try (Client raw = Client.builder().endpoints("http://" + HOST).build();
                Coordinator c = Coordinator.builder("etcd3://" + HOST + "?timeout=5")
                        .memberId("java-1")
                        .build()) {
            c.start();
            try (LockLease lease = c.getLock(name).acquire()) {
                KeyValue kv = raw.getKVClient()
                        .get(key)
                        .get(5, TimeUnit.SECONDS)
                        .getKvs()
                        .get(0);
                assertThat(lease.fencingToken()).isEqualTo(kv.getCreateRevision());
                assertThat(kv.getLease()).isNotZero();
                assertThat(raw.getKVClient()
                                .get(b("/tooz/locks" + name))
                                .get(5, TimeUnit.SECONDS)
                                .getCount())
                        .as("nothing at the etcd3gw driver's key")
                        .isZero();
                assertThat(c.getLock(name).holder()).contains("java-1");
            }
            assertThat(raw.getKVClient().get(key).get(5, TimeUnit.SECONDS).getCount())
                    .isZero();

            long pyLease =
                    raw.getLeaseClient().grant(30).get(5, TimeUnit.SECONDS).getID();
            byte[] uuid = new byte[16];
            new java.util.Random().nextBytes(uuid);
            boolean took = raw.getKVClient()
                    .txn()
                    .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(
                            key,
                            ByteSequence.from(uuid),
                            PutOption.builder().withLeaseId(pyLease).build()))
                    .commit()
                    .get(5, TimeUnit.SECONDS)
                    .isSucceeded();
            assertThat(took).isTrue();
            assertThat(c.getLock(name).tryAcquire()).isEmpty();
            assertThat(c.getLock(name).holder())
                    .contains("python-tooz:" + java.util.HexFormat.of().formatHex(uuid));
            raw.getLeaseClient().revoke(pyLease).get(5, TimeUnit.SECONDS);

            LockLease mine = c.getLock(name).tryAcquire().orElseThrow();
            raw.getKVClient().put(key, b("someone else")).get(5, TimeUnit.SECONDS);
            assertThat(mine.release()).as("the key holds another value").isFalse();
            assertThat(raw.getKVClient()
                            .get(key)
                            .get(5, TimeUnit.SECONDS)
                            .getKvs()
                            .get(0)
                            .getValue())
                    .isEqualTo(b("someone else"));
            raw.getKVClient().delete(key).get(5, TimeUnit.SECONDS);

            String group = "schemes-" + UUID.randomUUID();
            c.joinGroupCreate(group, Capabilities.of("x"));
            assertThat(raw.getKVClient()
                            .get(b("tooz/groups/" + group + "/java-1"))
                            .get(5, TimeUnit.SECONDS)
                            .getCount())
                    .isEqualTo(1);
            c.leaveGroup(group).get();
            c.deleteGroup(group).get();
        }
    }
}
