package io.tooz.driver.redis;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.NemesisContract;
import io.tooz.tck.ServerTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on a redis-server of this test's own (append-only file synced on every write): besides the
 * contenders' partitions, freezes and kills, the server is frozen, and restarted in turn with its data (a crash it
 * recovers from) and without (a crash that loses every key, as an unpersisted server's), which the lock script's
 * restart guard must make safe: no grant until the server has been up a lock TTL.
 */
@ServerTest
class RedisNemesisTest implements NemesisContract {
    private static PrivateRedis redis;
    private final AtomicInteger restarts = new AtomicInteger(); // per run: the first restart loses the data

    private final DriverFixture fixture = DriverFixture.of(
            redis.url(),
            Duration.ofSeconds(2),
            Map.of("timeout", "2", "namespace", "_tooz_nemesis_" + UUID.randomUUID()));

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        redis = PrivateRedis.startPersistent();
    }

    @AfterAll
    static void stopServer() {
        redis.close();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress("127.0.0.1", redis.port);
    }

    @Override
    public Optional<Runnable> restartBackend() {
        return Optional.of(() -> {
            try {
                if (restarts.getAndIncrement() % 2 == 1) {
                    redis.kill();
                    System.out.println("[nemesis] the backend restarts with its data");
                } else {
                    redis.killAndWipe();
                    System.out.println("[nemesis] the backend restarts empty");
                }
                redis.restart();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public Optional<Consumer<Duration>> freezeBackend() {
        return Optional.of(redis::freeze);
    }
}
