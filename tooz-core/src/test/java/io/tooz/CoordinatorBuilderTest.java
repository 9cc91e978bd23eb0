package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Builder options given typed, as an application has them, on memory:// (whose {@code timeout} is the member TTL). */
class CoordinatorBuilderTest {
    private final String url = "memory://builder-" + UUID.randomUUID();

    /** The TTL the driver got, read back as twice the heartbeat interval. */
    private Duration ttlWith(Object timeout) {
        try (Coordinator c = Coordinator.builder(url)
                .option("timeout", timeout)
                .autoHeartbeat(false)
                .build()) {
            c.start();
            return c.heartbeat().multipliedBy(2);
        }
    }

    @Test
    void durationOptionsTakeDurationsAndNumbersOfSecondsLikeTheUrl() {
        assertThat(ttlWith(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ttlWith(5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ttlWith(5L)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ttlWith(2.5)).isEqualTo(Duration.ofMillis(2500));
        assertThat(ttlWith("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(ttlWith(new StringBuilder("750ms"))).isEqualTo(Duration.ofMillis(750));
        Coordinator.builder(url)
                .option("watch_interval", Duration.ofMillis(200))
                .build();
        Coordinator.builder(url).option("watch_interval", 0.2).build();
    }

    @Test
    void aValueTheOptionDoesNotTakeIsNamedWithItsTypeAtBuild() {
        assertThatThrownBy(
                        () -> Coordinator.builder(url).option("timeout", true).build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'timeout' of memory:// has bad value 'true' (a java.lang.Boolean)")
                .hasMessageContaining("a java.time.Duration, a number of seconds");
        assertThatThrownBy(() -> Coordinator.builder(url)
                        .option("watch_interval", Duration.ofMillis(1))
                        .build())
                .hasMessageContaining("option 'watch_interval' of memory:// has bad value 'PT0.001S'")
                .hasMessageContaining("from 10ms to 3600s");
    }

    @Test
    void aValueNoOptionTakesFailsAtOnce() {
        assertThatThrownBy(() -> Coordinator.builder(url).option("timeout", List.of(5)))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'timeout' was given a java.util.")
                .hasMessageContaining("text, a Number, a Boolean or a java.time.Duration");
        assertThatThrownBy(() -> Coordinator.builder(url).option("timeout", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
    }
}
