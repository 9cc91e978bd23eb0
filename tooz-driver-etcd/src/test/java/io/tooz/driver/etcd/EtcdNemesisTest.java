package io.tooz.driver.etcd;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.NemesisContract;
import io.tooz.tck.ServerTest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The randomized nemesis on a one-member etcd of this test's own: besides the contenders' partitions, freezes and
 * kills, the server is frozen, and killed and restarted on its data dir (etcd keeps its keys and leases, and extends
 * the leases' TTLs when it comes back).
 */
@ServerTest
class EtcdNemesisTest implements NemesisContract {
    private static EtcdCluster etcd;

    private final DriverFixture fixture =
            DriverFixture.of("etcd3+http://" + etcd.endpoint(0), Duration.ofSeconds(2), Map.of("timeout", "2"));

    @BeforeAll
    static void startServer() {
        etcd = EtcdCluster.start(1);
    }

    @AfterAll
    static void stopServer() {
        etcd.close();
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return new InetSocketAddress(
                "127.0.0.1", Integer.parseInt(etcd.endpoint(0).substring("127.0.0.1:".length())));
    }

    @Override
    public Optional<Runnable> restartBackend() {
        return Optional.of(() -> {
            etcd.kill(0);
            etcd.restart(0);
        });
    }

    @Override
    public Optional<Consumer<Duration>> freezeBackend() {
        return Optional.of(length -> {
            etcd.pause(0);
            try {
                Thread.sleep(length.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                etcd.resume(0);
            }
        });
    }
}
