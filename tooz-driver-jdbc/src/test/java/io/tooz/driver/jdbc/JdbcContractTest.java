package io.tooz.driver.jdbc;

import io.tooz.tck.DriverFixture;
import io.tooz.tck.ToozContract;
import io.tooz.tck.UnreachableBackendContract;
import java.time.Duration;
import java.util.Map;

/** The whole contract suite on one database of {@code scripts/backends.sh}, with a two-second membership TTL. */
abstract class JdbcContractTest implements ToozContract, UnreachableBackendContract {
    private final String url;
    private final DriverFixture fixture;

    JdbcContractTest(String url) {
        this.url = url;
        this.fixture = DriverFixture.allFeatures(
                url,
                Duration.ofSeconds(2),
                Map.of("timeout", "2", "table_prefix", "tck_", "watch_check_interval", "200ms"));
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    /** Claims read the database's clock. */
    @Override
    public boolean expectBackendClock() {
        return true;
    }

    @Override
    public String unreachableUrl() {
        return url.substring(0, url.indexOf("://")) + "://tooz:tooz@127.0.0.1:1/tooz?timeout=1";
    }

    @Override
    public String unreachableHostPort() {
        return "127.0.0.1:1";
    }
}
