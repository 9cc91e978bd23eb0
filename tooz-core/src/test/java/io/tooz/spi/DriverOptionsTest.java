package io.tooz.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.ToozConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriverOptionsTest {
    private static DriverOptions options(Map<String, List<String>> values) {
        return new DriverOptions("x", values);
    }

    @Test
    void lastValueWinsAsInToozCollapse() {
        DriverOptions o = options(Map.of("hosts", List.of("a", "b"), "timeout", List.of("5", "7")));
        assertThat(o.list("hosts")).containsExactly("a", "b");
        assertThat(o.integer("timeout", 10, 1, 100)).isEqualTo(7);
        assertThat(o.integer("missing", 10, 1, 100)).isEqualTo(10);
    }

    @Test
    void durationsInToozSecondsOrWithUnits() {
        Duration min = Duration.ofMillis(1);
        Duration max = Duration.ofDays(1);
        assertThat(options(Map.of("t", List.of("10"))).duration("t", null, min, max))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(options(Map.of("t", List.of("2.5"))).duration("t", null, min, max))
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(options(Map.of("t", List.of("500ms"))).duration("t", null, min, max))
                .isEqualTo(Duration.ofMillis(500));
        assertThat(options(Map.of("t", List.of("2m"))).duration("t", null, min, max))
                .isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> options(Map.of("t", List.of("soon"))).duration("t", null, min, max))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 't'")
                .hasMessageContaining("'soon'")
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> options(Map.of("t", List.of("2d"))).duration("t", null, min, max))
                .hasMessageContaining("'2d'");
    }

    @Test
    void booleansChoicesAndUnknownOptions() {
        DriverOptions o = options(Map.of("ssl", List.of("yes"), "mode", List.of("FAST"), "typo", List.of("1")));
        assertThat(o.bool("ssl", false)).isTrue();
        assertThat(o.choice("mode", "slow", Set.of("fast", "slow"))).isEqualTo("fast");
        assertThat(o.unknown()).containsExactly("typo");
        assertThat(o.known()).containsExactly("mode", "ssl");
        assertThatThrownBy(() -> options(Map.of("ssl", List.of("maybe"))).bool("ssl", false))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> options(Map.of("password", List.of("hunter2"))).integer("password", 0, 0, 1))
                .hasMessageNotContaining("hunter2");
    }
}
