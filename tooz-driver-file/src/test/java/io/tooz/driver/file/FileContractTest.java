package io.tooz.driver.file;

import io.tooz.tck.Backend;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.ToozContract;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The whole contract suite on a temporary directory, with a two-second membership timeout. */
@Backend
class FileContractTest implements ToozContract {
    private static final Path DIR = TempDirs.create("tooz-file-tck");
    private static final DriverFixture FIXTURE = DriverFixture.of(
            "file://" + DIR, Duration.ofSeconds(2), Map.of("timeout", "2", "watch_check_interval", "200ms"));

    @AfterAll
    static void removeDirectory() throws IOException {
        TempDirs.remove(DIR);
    }

    @Override
    public DriverFixture fixture() {
        return FIXTURE;
    }
}
