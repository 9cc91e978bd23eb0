package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.tooz.tck.ServerTest;
import io.tooz.tck.TestCertificates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Proves the {@link EtcdCluster} harness with a raw jetcd client. */
@ServerTest
final class EtcdClusterTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void threeMembersFailOverLoseQuorumAndComeBack() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(3);
                Client client = cluster.clientBuilder().build()) {
            assertThat(cluster.endpoints()).hasSize(3).allMatch(e -> e.startsWith("127.0.0.1:"));
            assertThat(cluster.hostList()).isEqualTo(String.join(",", cluster.endpoints()));
            put(client, "a", "1");

            int leader = cluster.leaderIndex();
            cluster.kill(leader);
            assertThat(cluster.isAlive(leader)).isFalse();
            awaitPut(client, "b");
            int second = cluster.leaderIndex();
            assertThat(second).isNotEqualTo(leader);

            cluster.kill(second); // no quorum: etcd answers only after its request timeout (5 s + 2 elections),
            // or the client's channel to a killed member fails first (UNKNOWN: channel closed): no write either way
            assertThatThrownBy(() -> put(client, "c", "lost"))
                    .isInstanceOfAny(TimeoutException.class, java.util.concurrent.ExecutionException.class);

            cluster.restart(second);
            awaitPut(client, "d");
            cluster.restart(leader);
            assertThat(cluster.isAlive(leader)).isTrue();

            int paused = cluster.leaderIndex();
            cluster.pause(paused);
            awaitPut(client, "e");
            assertThat(cluster.leaderIndex()).isNotEqualTo(paused);
            cluster.resume(paused);
            try (Client only = cluster.clientBuilder(paused).build()) {
                awaitPut(only, "f");
            }
        }
    }

    @Test
    void tlsClusterTrustsOnlyItsCa() throws Exception {
        try (TestCertificates certs = TestCertificates.create();
                EtcdCluster cluster = EtcdCluster.startTls(1, certs, false)) {
            URI https = URI.create("https://" + cluster.endpoint(0));
            try (Client trusting = shortTimeouts(Client.builder().endpoints(https))
                    .sslContext(b -> b.trustManager(certs.caCert().toFile()))
                    .build()) {
                put(trusting, "tls", "ok");
            }
            try (Client stranger = shortTimeouts(Client.builder().endpoints(https))
                    .sslContext(b -> b.trustManager(certs.otherCaCert().toFile()))
                    .build()) {
                assertThatThrownBy(() -> put(stranger, "tls", "no"))
                        .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
            }
        }
    }

    @Test
    void clientCertificatesAreRequiredWhenAsked() throws Exception {
        try (TestCertificates certs = TestCertificates.create();
                EtcdCluster cluster = EtcdCluster.startTls(1, certs, true);
                Client withCert = cluster.clientBuilder().build();
                Client withoutCert = shortTimeouts(Client.builder().endpoints("https://" + cluster.endpoint(0)))
                        .sslContext(b -> b.trustManager(certs.caCert().toFile()))
                        .build()) {
            put(withCert, "mtls", "ok");
            assertThat(cluster.leaderIndex()).isZero();
            assertThatThrownBy(() -> put(withoutCert, "mtls", "no"))
                    .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
        }
    }

    @Test
    void authAcceptsUsersAndRefusesAnonymous() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(1)) {
            cluster.enableAuth("rootpw");
            cluster.addUser("tooz", "toozpw");
            assertThat(cluster.leaderIndex()).isZero();
            try (Client user = cluster.clientBuilder()
                            .user(bytes("tooz"))
                            .password(bytes("toozpw"))
                            .build();
                    Client anonymous = cluster.clientBuilder().build()) {
                put(user, "tooz/auth", "ok");
                put(user, "/anything/else", "ok");
                assertThatThrownBy(() -> put(anonymous, "tooz/auth", "no")).isInstanceOf(ExecutionException.class);
            }
        }
    }

    private static ClientBuilder shortTimeouts(ClientBuilder b) {
        return b.connectTimeout(Duration.ofSeconds(2)).retryMaxDuration(Duration.ofSeconds(3));
    }

    private static void put(Client client, String key, String value) throws Exception {
        client.getKVClient().put(bytes(key), bytes(value)).get(3, TimeUnit.SECONDS);
    }

    private static void awaitPut(Client client, String key) {
        await().atMost(TEN_SECONDS)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    put(client, key, "v");
                    return true;
                });
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
