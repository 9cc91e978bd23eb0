package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.embedded.zookeeper.EmbeddedZooKeeper;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every option Python tooz's zookeeper driver reads (3.1.0 and master, kazoo's client arguments included) is accepted;
 * those with no meaning on the JVM are logged once; {@code randomize_hosts} decides the order servers are tried in.
 */
@Timeout(60)
class ZooKeeperOptionsTest {
    /** Each option Python tooz's zookeeper driver reads, 3.1.0 and master, with a value as a Python user writes it. */
    private static final List<String> PYTHON_OPTIONS = List.of(
            "hosts=10.0.0.2:2181",
            "hosts=10.0.0.2:2181&hosts=10.0.0.3:2181",
            "timeout=10",
            "namespace=tooz",
            "connection_retry=3",
            "command_retry=3",
            "randomize_hosts=False",
            "randomize_hosts=true",
            "handler=threading",
            "handler=eventlet",
            "handler=gevent",
            "use_ssl=True",
            "use_ssl=True&verify_certs=False",
            "use_ssl=True&ca=/etc/zookeeper/ca.pem",
            "use_ssl=True&certfile=/etc/zookeeper/client.crt&keyfile=/etc/zookeeper/client.key",
            "use_ssl=True&certfile=/c.pem&keyfile=/k.pem&keyfile_password=s3cret");

    @Test
    void everyOptionPythonToozReadsIsAccepted() {
        for (String scheme : List.of("zookeeper", "kazoo")) {
            for (String query : PYTHON_OPTIONS) {
                try (Coordinator c = Coordinator.builder(scheme + "://127.0.0.1:2181?" + query)
                        .memberId("m")
                        .build()) {
                    assertThat(c).as(query).isNotNull();
                }
            }
        }
        assertThatThrownBy(() -> Coordinator.builder("zookeeper://127.0.0.1?handler=asyncio")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("handler")
                .hasMessageContaining("threading");
        assertThatThrownBy(() -> Coordinator.builder("zookeeper://127.0.0.1?randomise_hosts=false")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("unknown option randomise_hosts")
                .hasMessageContaining("randomize_hosts");
    }

    @Test
    @ServerTest
    void optionsWithoutMeaningOnTheJvmAreLoggedOnceAtInfo() {
        SharedServer.ZOOKEEPER.require();
        String log;
        try (OutputCapture out = new OutputCapture();
                Coordinator c = Coordinator.builder("zookeeper://" + SharedServer.ZOOKEEPER.hostPort()
                                + "?timeout=5&handler=eventlet&connection_retry=5&command_retry=5&randomize_hosts=0")
                        .memberId("opts")
                        .build()) {
            c.start();
            assertThat(c.getGroups().get()).isNotNull();
            log = out.text();
        }
        assertThat(log.split("ignoring command_retry, connection_retry, handler of zookeeper://", -1))
                .hasSize(2);
    }

    /**
     * With {@code randomize_hosts=false} the client connects to the first host, as kazoo does: every coordinator's
     * group lands on the server named first, whichever it is; by default (shuffled) both servers get some.
     */
    @Test
    void randomizeHostsFalseConnectsToTheServersInTheOrderGiven() {
        try (EmbeddedZooKeeper a = EmbeddedZooKeeper.onFreePort().start();
                EmbeddedZooKeeper b = EmbeddedZooKeeper.onFreePort().start()) {
            assertThat(serversUsed(a, b, "randomize_hosts=false", 6)).containsExactly(a);
            assertThat(serversUsed(b, a, "randomize_hosts=False", 6)).containsExactly(b);
            assertThat(serversUsed(a, b, "randomize_hosts=true", 20)).containsExactlyInAnyOrder(a, b);
        }
    }

    /** Which of the two servers {@code n} coordinators on {@code zookeeper://FIRST?hosts=SECOND&OPTION} used. */
    private static Set<EmbeddedZooKeeper> serversUsed(
            EmbeddedZooKeeper first, EmbeddedZooKeeper second, String option, int n) {
        String ns = "order-" + UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            try (Coordinator c = Coordinator.builder("zookeeper://" + first.connectString() + "?hosts="
                            + second.connectString() + "&timeout=5&namespace=" + ns + "&" + option)
                    .memberId("m" + i)
                    .build()) {
                c.start();
                c.createGroup("g" + i).get();
            }
        }
        Set<EmbeddedZooKeeper> used = new HashSet<>();
        for (EmbeddedZooKeeper server : List.of(first, second)) {
            try (Coordinator c = Coordinator.builder(server.url() + "?timeout=5&namespace=" + ns)
                    .memberId("reader")
                    .build()) {
                c.start();
                if (!c.getGroups().get().isEmpty()) {
                    used.add(server);
                }
            }
        }
        return used;
    }
}
