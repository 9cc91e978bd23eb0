package io.tooz.tck;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The whole contract suite on memory://, a fresh backend per test, two-second member TTL. */
@Backend
class MemoryContractTest implements ToozContract {
    private final DriverFixture fixture =
            DriverFixture.of("memory://tck-" + UUID.randomUUID(), Duration.ofSeconds(2), Map.of("timeout", "2"));

    @Override
    public DriverFixture fixture() {
        return fixture;
    }
}
