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

    private static DriverOptions typed(String name, Object value) {
        return new DriverOptions("x", Map.of(name, List.of(value)));
    }

    @Test
    void typedDurationsAreDurationsOrNumbersOfSeconds() {
        Duration min = Duration.ofMillis(1);
        Duration max = Duration.ofDays(1);
        assertThat(typed("t", Duration.ofSeconds(5)).duration("t", null, min, max))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(typed("t", 5).duration("t", null, min, max)).isEqualTo(Duration.ofSeconds(5));
        assertThat(typed("t", 5L).duration("t", null, min, max)).isEqualTo(Duration.ofSeconds(5));
        assertThat(typed("t", 2.5).duration("t", null, min, max)).isEqualTo(Duration.ofMillis(2500));
        assertThat(typed("t", 0.1f).duration("t", null, min, max)).isEqualTo(Duration.ofMillis(100));
        assertThat(typed("t", new java.math.BigDecimal("0.25")).duration("t", null, min, max))
                .isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> typed("t", true).duration("t", null, min, max))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 't'")
                .hasMessageContaining("'true' (a java.lang.Boolean)")
                .hasMessageContaining("a java.time.Duration, a number of seconds");
        assertThatThrownBy(() -> typed("t", Double.NaN).duration("t", null, min, max))
                .hasMessageContaining("'NaN' (a java.lang.Double)");
        assertThatThrownBy(() -> typed("t", Duration.ofDays(2)).duration("t", null, min, max))
                .hasMessageContaining("'PT48H' (a java.time.Duration); expected a duration from 1ms to 86400s");
        assertThatThrownBy(() -> typed("t", -1).duration("t", null, min, max)).hasMessageContaining("'-1'");
    }

    @Test
    void typedIntegersAreNumbersWithoutAFraction() {
        assertThat(typed("n", 7).integer("n", 0, 1, 100)).isEqualTo(7);
        assertThat(typed("n", 7L).integer("n", 0, 1, 100)).isEqualTo(7);
        assertThat(typed("n", 7.0).integer("n", 0, 1, 100)).isEqualTo(7);
        assertThat(typed("n", java.math.BigInteger.TEN).integer("n", 0, 1, 100)).isEqualTo(10);
        assertThatThrownBy(() -> typed("n", 7.5).integer("n", 0, 1, 100))
                .hasMessageContaining("'7.5' (a java.lang.Double); expected an integer from 1 to 100");
        assertThatThrownBy(() -> typed("n", Long.MAX_VALUE).integer("n", 0, 1, 100))
                .hasMessageContaining("expected an integer from 1 to 100");
        assertThatThrownBy(() -> typed("n", Duration.ofSeconds(5)).integer("n", 0, 1, 100))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'n' of x:// has bad value 'PT5S' (a java.time.Duration)")
                .hasMessageContaining("expected an integer from 1 to 100");
    }

    @Test
    void typedBooleansAndText() {
        assertThat(typed("b", Boolean.TRUE).bool("b", false)).isTrue();
        assertThat(typed("b", false).bool("b", true)).isFalse();
        assertThatThrownBy(() -> typed("b", Duration.ofSeconds(1)).bool("b", false))
                .hasMessageContaining("'PT1S' (a java.time.Duration); expected true or false");
        assertThatThrownBy(() -> typed("b", 2).bool("b", false))
                .hasMessageContaining("'2' (a java.lang.Integer); expected true or false");
        assertThat(typed("s", java.nio.file.Path.of("/etc/ca.pem")).string("s")).contains("/etc/ca.pem");
        assertThat(typed("s", 8).string("s")).contains("8");
        assertThat(new DriverOptions("x", Map.of("h", List.of("a", 2))).list("h"))
                .containsExactly("a", "2");
        assertThatThrownBy(() -> typed("s", Duration.ofSeconds(1)).string("s"))
                .hasMessageContaining("option 's' of x:// has bad value 'PT1S' (a java.time.Duration); expected text");
        assertThat(DriverOptions.isOptionValue(List.of())).isFalse();
        assertThat(DriverOptions.isOptionValue(java.util.Optional.of(1))).isFalse();
    }
}
