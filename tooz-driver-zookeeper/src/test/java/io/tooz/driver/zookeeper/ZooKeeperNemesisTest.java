package io.tooz.driver.zookeeper;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.NemesisContract;
import io.tooz.tck.ServerTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on a ZooKeeper server of this test's own (its own JVM, 500 ms ticks, so 2-second sessions):
 * three contender processes behind proxies of their own, partitioned, frozen and killed, and the server frozen and
 * killed and restarted (its data, and so the zxids that are the fencing tokens, survive the restart).
 */
@ServerTest
class ZooKeeperNemesisTest implements NemesisContract {
    private static PrivateZooKeeper server;

    private final DriverFixture fixture = DriverFixture.of(
            "zookeeper://127.0.0.1:" + server.port,
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "namespace", "tooz-nemesis-" + UUID.randomUUID()));

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        server = PrivateZooKeeper.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", server.port);
    }

    @Override
    public Optional<Runnable> restartBackend() {
        return Optional.of(server::crashAndRestart);
    }

    @Override
    public Optional<Consumer<Duration>> freezeBackend() {
        return Optional.of(server::freeze);
    }
}
