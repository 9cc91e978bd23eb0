package io.tooz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code watch_check_interval}, once the Redis, file and SQL drivers' own, is a deprecated alias of the core's option. */
class WatchIntervalAliasTest {
    private static Duration interval(String query) {
        try (Coordinator c = Coordinator.builder("memory://alias?" + query).build()) {
            return ((DefaultCoordinator) c).watchInterval();
        }
    }

    @Test
    void theCoreOptionAndItsAliasSetTheOneReReadInterval() {
        assertThat(interval("timeout=5")).isEqualTo(Duration.ofSeconds(1));
        assertThat(interval("watch_interval=300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(interval("watch_check_interval=200ms")).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theCoreOptionWinsOverItsAlias() {
        assertThat(interval("watch_check_interval=200ms&watch_interval=2s")).isEqualTo(Duration.ofSeconds(2));
    }
}
