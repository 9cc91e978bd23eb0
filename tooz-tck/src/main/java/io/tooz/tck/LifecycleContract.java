package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Characteristic;
import io.tooz.Coordinator;
import io.tooz.DriverChosenPoorlyException;
import io.tooz.InvalidNameException;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle and configuration: start/stop/close state machine, heartbeat, configuration errors and member-id rules.
 *
 * <p>Ports tooz {@code test_stop_first}, {@code test_get_started_status} and {@code test_heartbeat} (§4.1), and
 * checks the Java additions: start twice fails, close is idempotent, unknown scheme and option errors name what is
 * wrong, {@code requireCharacteristics} fails fast, member ids are non-empty and at most 255 UTF-8 bytes.
 */
public interface LifecycleContract extends ContractSupport {

    @Test
    default void startTwiceFails() {
        Coordinator c = newCoordinator();
        assertThatThrownBy(c::start).isInstanceOf(ToozException.class);
        assertThat(c.isStarted()).isTrue();
    }

    @Test
    default void stopBeforeStartFails() {
        Coordinator c = newUnstartedCoordinator(b -> {});
        assertThatThrownBy(c::stop).isInstanceOf(ToozException.class);
        assertThat(c.isStarted()).isFalse();
    }

    @Test
    default void startedStatusFollowsStartAndStopAndRestartWorks() {
        Coordinator c = newUnstartedCoordinator(b -> {});
        assertThat(c.isStarted()).isFalse();
        c.start();
        assertThat(c.isStarted()).isTrue();
        c.stop();
        assertThat(c.isStarted()).isFalse();
        assertThatThrownBy(c::stop).as("stop twice").isInstanceOf(ToozException.class);
        c.start();
        assertThat(c.isStarted()).isTrue();
        assertThat(c.heartbeat()).isPositive();
    }

    @Test
    default void closeIsIdempotent() {
        Coordinator never = newUnstartedCoordinator(b -> {});
        assertThatCode(never::close).doesNotThrowAnyException();
        Coordinator c = newCoordinator();
        c.close();
        assertThat(c.isStarted()).isFalse();
        assertThatCode(c::close).doesNotThrowAnyException();
        assertThat(c.isStarted()).isFalse();
    }

    @Test
    default void heartbeatReturnsPositiveDelay() {
        Coordinator c = newCoordinator(b -> b.autoHeartbeat(false));
        Duration next = c.heartbeat();
        assertThat(next).isPositive();
        assertThat(newCoordinator().heartbeat()).isPositive();
    }

    @Test
    default void unknownSchemeListsRegisteredSchemes() {
        assertThatThrownBy(() -> Coordinator.builder("no-such-scheme://x").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("no-such-scheme")
                .hasMessageContaining("memory");
    }

    @Test
    default void badOptionValueNamesTheOption() {
        Map.Entry<String, String> bad = fixture().badOptionValue();
        assertThatThrownBy(() -> builder().option(bad.getKey(), bad.getValue()).build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining(bad.getKey());
    }

    @Test
    default void typedOptionValuesAreTakenAndAWrongTypeIsNamed() {
        builder().option("watch_interval", Duration.ofMillis(500)).build().close();
        builder().option("watch_interval", 2).build().close();
        builder().option("watch_interval", 0.5).build().close();
        assertThatThrownBy(() -> builder().option("watch_interval", true).build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("watch_interval")
                .hasMessageContaining("java.lang.Boolean")
                .hasMessageContaining("java.time.Duration");
    }

    @Test
    default void unknownOptionIsNamed() {
        String option = "tck_no_such_option";
        assertThatThrownBy(() -> builder().option(option, "1").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining(option);
    }

    @Test
    default void missingRequiredCharacteristicFailsAtBuild() {
        Coordinator probe = newUnstartedCoordinator(b -> {});
        Optional<Characteristic> missing = Arrays.stream(Characteristic.values())
                .filter(ch -> !probe.characteristics().contains(ch))
                .findFirst();
        if (missing.isPresent()) {
            assertThatThrownBy(() ->
                            builder().requireCharacteristics(missing.get()).build())
                    .isInstanceOf(DriverChosenPoorlyException.class)
                    .hasMessageContaining(missing.get().name());
        }
        Characteristic[] declared = probe.characteristics().toArray(Characteristic[]::new);
        Coordinator ok = track(builder().requireCharacteristics(declared).build());
        assertThat(ok.characteristics()).containsExactlyInAnyOrder(declared);
    }

    @Test
    default void emptyMemberIdIsRejected() {
        assertThatThrownBy(() -> builder().memberId("").build()).isInstanceOf(InvalidNameException.class);
    }

    @Test
    default void memberIdOver255Utf8BytesIsRejectedNamingIt() {
        String tooLong = "é".repeat(128); // 128 characters, 256 UTF-8 bytes
        assertThatThrownBy(() -> builder().memberId(tooLong).build())
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(tooLong.substring(0, 32));
    }
}
