package io.tooz.driver.jdbc;

import io.tooz.tck.NemesisContract;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The nemesis on a server of {@code scripts/backends.sh}, which it also freezes (every server process) and restarts
 * (a restart frees every lock: the restart guard must tell holders first). Other suites share the server, but no
 * test runs beside this one.
 */
interface JdbcNemesis extends NemesisContract {
    JdbcAdmin admin();

    @Override
    default Optional<Runnable> restartBackend() {
        return Optional.of(() -> {
            admin().stop();
            admin().start();
        });
    }

    @Override
    default Optional<Consumer<Duration>> freezeBackend() {
        return Optional.of(admin()::freeze);
    }
}
