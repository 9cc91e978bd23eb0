package io.tooz.driver.file;

import io.tooz.Coordinator;
import io.tooz.LossReason;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.spi.Facets;
import io.tooz.tck.Backend;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.ToozContract;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole contract suite on a temporary directory, with a two-second membership timeout. Locks are the process's:
 * the contracts that kill a member release them as its death would.
 */
@Backend
class FileContractTest implements ToozContract {
    private static final Path DIR = TempDirs.create("tooz-file-tck");
    private static final DriverFixture FIXTURE =
            DriverFixture.of("file://" + DIR, Duration.ofSeconds(2), Map.of("timeout", "2", "watch_interval", "200ms"));

    @AfterAll
    static void removeDirectory() throws IOException {
        TempDirs.remove(DIR);
    }

    @Override
    public DriverFixture fixture() {
        return FIXTURE;
    }

    /** A dead process's file locks go with it: release the coordinator's locks and queue entries, as the OS would. */
    @Override
    public void expireSession(Coordinator c) {
        Facets facets = CoreHooks.driver(c).facets();
        ((FileLocks) Objects.requireNonNull(facets.locks())).releaseAll(LossReason.SESSION_EXPIRED);
        ((FileQueues) Objects.requireNonNull(facets.lockQueues())).abandonAll(LossReason.SESSION_EXPIRED);
    }
}
