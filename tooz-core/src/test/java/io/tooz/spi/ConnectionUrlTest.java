package io.tooz.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.ToozConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionUrlTest {
    @Test
    void parsesEveryPart() {
        ConnectionUrl u =
                ConnectionUrl.parse("Redis://us%40er:p%3Ass@h1:6379,[::1]:6380/db/0?timeout=5&a=1&a=2&blank=");
        assertThat(u.scheme()).isEqualTo("redis");
        assertThat(u.user()).contains("us@er");
        assertThat(u.password()).contains("p:ss");
        assertThat(u.hosts())
                .containsExactly(new ConnectionUrl.HostPort("h1", 6379), new ConnectionUrl.HostPort("::1", 6380));
        assertThat(u.path()).isEqualTo("/db/0");
        assertThat(u.query()).containsEntry("a", List.of("1", "2")).containsEntry("timeout", List.of("5"));
        assertThat(u.query()).doesNotContainKey("blank"); // Python's parse_qs drops blank values
        assertThat(u.toString())
                .isEqualTo("redis://us@er:***@h1:6379,[::1]:6380/db/0")
                .doesNotContain("p:ss");
    }

    @Test
    void hostlessUrls() {
        assertThat(ConnectionUrl.parse("file:///tmp/tooz").path()).isEqualTo("/tmp/tooz");
        assertThat(ConnectionUrl.parse("file:///tmp/tooz").hosts()).isEmpty();
        assertThat(ConnectionUrl.parse("memory://x").hosts().get(0).portOr(7)).isEqualTo(7);
    }

    @Test
    void badUrlsNameTheProblemWithoutThePassword() {
        assertThatThrownBy(() -> ConnectionUrl.parse("")).isInstanceOf(ToozConfigurationException.class);
        assertThatThrownBy(() -> ConnectionUrl.parse("localhost:2181"))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("no valid scheme");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:hunter2@h:0"))
                .hasMessageContaining("bad port '0'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:hunter2@h:x?password=hunter2"))
                .hasMessageContaining("bad port 'x'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://[::1:6379")).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://:6379")).hasMessageContaining("empty host");
    }

    @Test
    void redactsPasswordsInQueryAndUserInfo() {
        assertThat(ConnectionUrl.redact("redis://u:pw@h/?sentinel_password=pw2&x=1"))
                .isEqualTo("redis://u:***@h/?sentinel_password=***&x=1");
    }
}
