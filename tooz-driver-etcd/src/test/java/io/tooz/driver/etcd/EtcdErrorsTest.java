package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.SerializationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.FaultPorts;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import io.tooz.tck.TestCertificates;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a user reads when etcd3+http:// points at a port of another service (the shared Redis, memcached, ZooKeeper,
 * PostgreSQL and MariaDB of {@code scripts/backends.sh}), or at an etcd that wants TLS: a connection error naming
 * the server as not etcd and what it answered, within the timeout, never this repository's scripts.
 */
@Timeout(180)
@ServerTest
class EtcdErrorsTest {

    @Test
    void capabilitiesLargerThanARequestAreRefusedNamingTheLimit() {
        SharedServer.ETCD.require();
        String group = "too-large-" + UUID.randomUUID();
        try (Coordinator c = Coordinator.builder("etcd3+http://" + SharedServer.ETCD.hostPort() + "?timeout=5")
                .memberId("m")
                .build()) {
            c.start();
            c.createGroup(group).get();
            for (int mib : new int[] {2, 3}) { // above --max-request-bytes; above gRPC's limit too
                assertThatThrownBy(() -> c.joinGroup(
                                        group, Capabilities.of(Map.of("blob", "x".repeat((mib << 20) - 200_000))))
                                .get())
                        .isInstanceOf(SerializationException.class)
                        .hasMessageContaining("too large")
                        .hasMessageContaining("--max-request-bytes");
            }
            assertThat(c.getMembers(group).get()).isEmpty();
            c.deleteGroup(group).get();
        }
    }

    @Test
    void aPortOfAnotherServiceIsNamedAsNotEtcd() {
        expectNotEtcd("redis", 6379, " is not etcd: ", "Redis, by the look of it");
        expectNotEtcd("memcached", 11211, " is not etcd, or it wants TLS", "closed the connection without answering");
        expectNotEtcd("zookeeper", 2181, " is not etcd, or it wants TLS", "closed the connection without answering");
        SharedServer.POSTGRESQL.whileUp(() -> expectNotEtcd(
                "postgresql",
                5432,
                " is not etcd, or it wants TLS",
                "closed the connection without answering")); // -T: JDBC's fault suites restart it
        SharedServer.MYSQL.whileUp(() -> expectNotEtcd(
                "mysql",
                3306,
                " is not etcd: ",
                "MySQL or MariaDB, by the look of it")); // -T: JDBC's fault suites restart it
    }

    @Test
    void tlsToAPortOfAnotherServiceEndsWithinTheTimeout() {
        FaultPorts.requireListening("redis", 6379);
        try (Coordinator c = Coordinator.builder("etcd3+https://127.0.0.1:6379?timeout=3")
                .memberId("m")
                .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("127.0.0.1:6379 did not answer within 3000 ms (option 'timeout')")
                    .hasMessageNotContaining("backends.sh");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void plainHttpToAnEtcdThatWantsTlsSaysSo() {
        try (TestCertificates certs = TestCertificates.create();
                EtcdCluster cluster = EtcdCluster.startTls(1, certs, false);
                Coordinator c = Coordinator.builder("etcd3+http://" + cluster.endpoint(0) + "?timeout=5")
                        .memberId("m")
                        .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("the server at " + cluster.endpoint(0))
                    .hasMessageContaining("etcd3+https://");
        }
    }

    private static void expectNotEtcd(String service, int port, String verdict, String looksLike) {
        FaultPorts.requireListening(service, port);
        try (Coordinator c = Coordinator.builder("etcd3+http://127.0.0.1:" + port + "?timeout=5")
                .memberId("m")
                .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("the server at 127.0.0.1:" + port + verdict)
                    .hasMessageContaining(looksLike)
                    .hasMessageNotContaining("backends.sh");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(7));
        }
    }
}
