package io.tooz.driver.jdbc;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedLockProcessContract;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * {@link SharedLockProcessContract} on the databases of {@code scripts/backends.sh}: three contender JVMs take a
 * read-write lock's modes and a semaphore's permits, each through a proxy of its own, with {@code timeout=2}. No
 * faults; the servers are shared with other suites.
 */
@ServerTest
abstract class JdbcSharedLockProcessTest implements SharedLockProcessContract {
    private final DriverFixture fixture;
    private final InetSocketAddress backend;

    JdbcSharedLockProcessTest(String url, int port, Map<String, String> options) {
        this.fixture = DriverFixture.of(url, Duration.ofSeconds(2), options);
        this.backend = new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return backend;
    }
}
