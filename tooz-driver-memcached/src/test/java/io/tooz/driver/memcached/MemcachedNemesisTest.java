package io.tooz.driver.memcached;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.NemesisContract;
import io.tooz.tck.ServerTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on a memcached of this test's own: besides the contenders' partitions, freezes and kills,
 * the server is frozen and restarted, and every restart loses every key (memcached keeps nothing), which the locks'
 * restart guard must make safe: no grant until the server has been up a lock TTL.
 */
@ServerTest
class MemcachedNemesisTest implements NemesisContract {
    private static PrivateMemcached memcached;

    private final DriverFixture fixture =
            DriverFixture.of(memcached.url(), Duration.ofSeconds(2), Map.of("timeout", "2", "watch_interval", "200ms"));

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        memcached = PrivateMemcached.start();
    }

    @AfterAll
    static void stopServer() {
        memcached.close();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", memcached.port);
    }

    @Override
    public Optional<Runnable> restartBackend() {
        return Optional.of(() -> {
            memcached.kill();
            try {
                memcached.restart();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public Optional<Consumer<Duration>> freezeBackend() {
        return Optional.of(memcached::freeze);
    }
}
