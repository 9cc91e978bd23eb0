package io.tooz.driver.zookeeper;

import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.internal.hooks.CoreHooks;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.zookeeper.ZooKeeper;

/**
 * What the fault tests share: Curator test servers with short ticks, a peek at a coordinator's session, and ending
 * that session at the server.
 */
final class ZkFaultKit {
    /** Short ticks so sessions expire on time; sessions of 1 s to 60 s allowed (ZooKeeper's default max is 20 ticks). */
    static final int TICK_MS = 500;

    private ZkFaultKit() {}

    /** A server spec on a random loopback port with a temporary data directory kept across restarts. */
    static InstanceSpec spec() {
        return spec(-1);
    }

    /** The same for member {@code serverId} of an ensemble (-1 for a standalone server). */
    static InstanceSpec spec(int serverId) {
        return new InstanceSpec(
                (File) null,
                -1,
                -1,
                -1,
                true,
                serverId,
                TICK_MS,
                -1,
                Map.of("minSessionTimeout", "1000", "maxSessionTimeout", "60000"),
                "127.0.0.1");
    }

    /** A started coordinator on {@code hosts} with a session timeout of {@code timeoutSeconds}, in {@code namespace}. */
    static Coordinator coordinator(String hosts, String memberId, int timeoutSeconds, String namespace) {
        Coordinator c = Coordinator.builder("zookeeper://" + hosts)
                .memberId(memberId)
                .option("timeout", timeoutSeconds)
                .option("namespace", namespace)
                .build();
        c.start();
        return c;
    }

    /** A namespace of one test's own. */
    static String namespace() {
        return "tooz-faults-" + UUID.randomUUID();
    }

    /** The raw ZooKeeper handle behind a started coordinator (tests only: the driver hides it). */
    static ZooKeeper zooKeeper(Coordinator c) throws Exception {
        return client(c).getZookeeperClient().getZooKeeper();
    }

    private static CuratorFramework client(Coordinator c) {
        return ((ZooKeeperDriver) CoreHooks.driver(c)).client();
    }

    /** Ends the coordinator's session at the server, as an expiry would ({@link ZooKeeperSessions#expireSession}). */
    static void expireSession(Coordinator c) {
        try {
            ZooKeeperSessions.expireSession(CoreHooks.driver(c));
        } catch (RuntimeException e) {
            throw new AssertionError("could not expire the ZooKeeper session of " + c.memberId(), e);
        }
    }

    /** The coordinator's current ZooKeeper session id. */
    static long sessionId(Coordinator c) throws Exception {
        return zooKeeper(c).getSessionId();
    }

    /** Waits until the server of {@code spec} serves clients (a follower does so only once it is in sync). */
    static void awaitServing(InstanceSpec spec, Duration atMost) {
        String hostPort = spec.getHostname() + ":" + spec.getPort();
        await("server " + hostPort + " serving")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    try (CuratorFramework probe =
                            CuratorFrameworkFactory.newClient(hostPort, 5000, 1000, new RetryOneTime(100))) {
                        probe.start();
                        return probe.blockUntilConnected(2, TimeUnit.SECONDS)
                                && probe.checkExists().forPath("/") != null;
                    }
                });
    }
}
