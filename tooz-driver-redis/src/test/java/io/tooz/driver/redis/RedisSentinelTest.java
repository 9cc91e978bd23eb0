package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.ToozConnectionException;
import io.tooz.tck.EventRecorder;
import io.tooz.tck.ServerTest;
import io.tooz.tck.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * {@code redis://SENTINEL?sentinel=mymaster} against a master, a replica and a sentinel of the test's own: the driver
 * finds the master through the sentinel and follows it through a failover, keeping its membership, its lock and its
 * pushed events.
 */
@Timeout(120)
@ServerTest
class RedisSentinelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void membershipLocksAndEventsFollowTheMasterThroughAFailover() throws Exception {
        try (PrivateRedis master = PrivateRedis.start();
                PrivateRedis replica = PrivateRedis.start(List.of("--replicaof", "127.0.0.1", "" + master.port));
                Sentinel sentinel = Sentinel.start(master.port)) {
            try (Jedis m = new Jedis("127.0.0.1", master.port)) {
                await().atMost(WAIT).until(() -> m.info("replication").contains("state=online"));
            }
            await().atMost(WAIT).until(() -> sentinel.knowsReplica(replica.port));
            String url = "redis://127.0.0.1:" + sentinel.port + "?sentinel=mymaster&timeout=10";
            try (Coordinator member =
                            Coordinator.builder(url).memberId("member").build();
                    Coordinator watcher = Coordinator.builder(url + "&watch_interval=1h")
                            .memberId("watcher")
                            .build();
                    Coordinator joiner =
                            Coordinator.builder(url).memberId("joiner").build()) {
                member.start();
                watcher.start();
                joiner.start();
                member.joinGroupCreate("g");
                LockLease lease = member.getLock("x").acquire();
                EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>();
                watcher.watchJoinGroup("g", joins);
                try (Jedis m = new Jedis("127.0.0.1", master.port, 10_000)) {
                    assertThat(m.waitReplicas(1, 5000)).isEqualTo(1); // the replica has everything so far
                }

                // each client follows the master by the sentinel's +switch-master messages: wait until all listen
                await().atMost(WAIT).until(() -> sentinel.subscribers() >= 3);
                sentinel.failover();
                await().atMost(WAIT).until(() -> sentinel.masterPort() == replica.port);
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> joiner.joinGroup("g")
                        .get());
                await().atMost(WAIT).until(() -> joins.contains(new GroupEvent.MemberJoined("g", "joiner")));
                assertThat(member.getMembers("g").get()).containsExactlyInAnyOrder("member", "joiner");
                assertThat(lease.isStillOwner()).isTrue();
                assertThat(joiner.getLock("x").tryAcquire()).isEmpty();
                assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
                try (Jedis promoted = new Jedis("127.0.0.1", replica.port)) {
                    assertThat(promoted.exists("_tooz_group:g")).isTrue();
                }
            }
        }
    }

    /**
     * {@code sentinel_ssl=true}: the sentinels are reached over TLS and verified with the {@code ssl_*} files, as
     * Python tooz master passes them (the master here speaks plain TCP); without {@code ssl_ca_certs} the sentinel's
     * certificate is not trusted.
     */
    @Test
    void sentinelSslReachesTheSentinelsOverTlsWithTheSslFiles() throws Exception {
        try (TestCertificates certs = TestCertificates.create();
                PrivateRedis master = PrivateRedis.start();
                Sentinel sentinel = Sentinel.start(master.port, certs)) {
            String url = "redis://127.0.0.1:" + sentinel.port + "?sentinel=mymaster&sentinel_ssl=true&timeout=5";
            try (Coordinator c = Coordinator.builder(url + "&ssl_ca_certs=" + certs.caCert())
                    .memberId("via-tls-sentinel")
                    .build()) {
                c.start();
                c.joinGroupCreate("g");
                assertThat(c.getMembers("g").get()).containsExactly("via-tls-sentinel");
            }
            try (Coordinator untrusted = Coordinator.builder(url).memberId("x").build()) {
                assertThatThrownBy(untrusted::start).isInstanceOf(ToozConnectionException.class);
            }
        }
    }

    /** A redis-server in sentinel mode monitoring {@code mymaster} with a quorum of one. */
    static final class Sentinel implements AutoCloseable {
        final int port;
        private final Process process;

        private Sentinel(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        static Sentinel start(int masterPort) throws IOException, InterruptedException {
            return start(masterPort, null);
        }

        /** A sentinel that speaks only TLS, with the server certificate of {@code certs} (null: plain TCP). */
        static Sentinel start(int masterPort, TestCertificates certs) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("tooz-sentinel-");
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(
                    conf,
                    String.join(
                            "\n",
                            certs == null ? "port " + port : "port 0\ntls-port " + port,
                            certs == null
                                    ? ""
                                    : String.join(
                                            "\n",
                                            "tls-cert-file " + certs.serverCert(),
                                            "tls-key-file " + certs.serverKey(),
                                            "tls-ca-cert-file " + certs.caCert(),
                                            "tls-auth-clients no"),
                            "bind 127.0.0.1",
                            "dir " + dir,
                            "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1",
                            "sentinel down-after-milliseconds mymaster 2000",
                            "sentinel failover-timeout mymaster 10000",
                            ""));
            Process p = new ProcessBuilder(PrivateRedis.BINARY, conf.toString(), "--sentinel")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sentinel.log").toFile())
                    .start();
            Sentinel s = new Sentinel(port, p);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                }
            });
            return s;
        }

        boolean knowsReplica(int replicaPort) {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                return j.sentinelReplicas("mymaster").stream()
                        .anyMatch(r -> ("" + replicaPort).equals(r.get("port"))
                                && !r.getOrDefault("flags", "").contains("down"));
            }
        }

        /** Clients subscribed to the sentinel's event channels. */
        long subscribers() {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                return j.clientList()
                        .lines()
                        .filter(l -> !l.contains(" sub=0 "))
                        .count();
            }
        }

        void failover() {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                assertThat(j.sentinelFailover("mymaster")).isEqualTo("OK");
            }
        }

        int masterPort() {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                return Integer.parseInt(
                        j.sentinelGetMasterAddrByName("mymaster").get(1));
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
