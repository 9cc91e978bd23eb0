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
                .isEqualTo("redis://***@h1:6379,[::1]:6380/db/0")
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
                .hasMessageContaining("does not start with SCHEME://");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:hunter2@h:0"))
                .hasMessageContaining("redis:// URL has a port that is not a number from 1 to 65535 (its host)")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:hunter2@h:1,h:x?password=hunter2"))
                .hasMessageContaining("port that is not a number from 1 to 65535 (host 2)")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://[::1:6379")).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://:6379")).hasMessageContaining("empty host");
    }

    @Test
    void aPasswordWithAnUnencodedSeparatorIsRefusedWithoutQuotingIt() {
        for (String url : List.of(
                "postgresql://tooz:S3cr3t#Pw@127.0.0.1/tooz",
                "mysql://tooz:S3cr3t?Pw@127.0.0.1/tooz",
                "redis://:S3cr3t/Pw@127.0.0.1:6379",
                "zookeeper://u:S3cr3t#x@127.0.0.1:2181",
                "redis://u:7999/S3cr3t@127.0.0.1:6379")) { // parsed as host u, port 7999 before
            assertThatThrownBy(() -> ConnectionUrl.parse(url))
                    .as(url)
                    .isInstanceOf(ToozConfigurationException.class)
                    .hasMessageContaining("after its host")
                    .hasMessageContaining("'#' as %23, '/' as %2F, '?' as %3F, '@' as %40")
                    .hasMessageNotContainingAny("S3c", "cr3", "r3t", "#Pw", "?Pw", "/Pw", "#x@", "799");
        }
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:S3cr3t#Pw"))
                .hasMessageContaining("has a '#'")
                .hasMessageNotContainingAny("S3c", "r3t", "Pw");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:S3cr3tPw"))
                .hasMessageContaining("port that is not a number")
                .hasMessageNotContainingAny("S3c", "r3t", "tPw");
        assertThatThrownBy(() -> ConnectionUrl.parse("redis://u:S3c%zzr3t@h"))
                .hasMessageContaining("user or password has a '%' not followed by two hex digits")
                .hasMessageNotContainingAny("S3c", "zz", "r3t");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgresql:/tooz:S3cr3t@h/db"))
                .hasMessageContaining("it starts with 'postgresql:/'; write 'postgresql://'")
                .hasMessageNotContainingAny("S3c", "r3t", "tooz:");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgresql//tooz:S3cr3t@h/db"))
                .hasMessageContaining("write 'postgresql://'")
                .hasMessageNotContainingAny("S3c", "r3t", "tooz:");
    }

    @Test
    void anAtInThePasswordBeforeTheHostIsFine() {
        ConnectionUrl u = ConnectionUrl.parse("redis://u:S3c@r3t@h:6379");
        assertThat(u.password()).contains("S3c@r3t");
        assertThat(u.hosts()).containsExactly(new ConnectionUrl.HostPort("h", 6379));
        assertThat(u.toString()).isEqualTo("redis://***@h:6379");
    }

    @Test
    void redactsPasswordsInQueryAndUserInfo() {
        assertThat(ConnectionUrl.redact("redis://u:pw@h/?sentinel_password=pw2&x=1"))
                .isEqualTo("redis://***@h/?sentinel_password=***&x=1");
        assertThat(ConnectionUrl.redact("redis://u@h")).isEqualTo("redis://***@h");
        assertThat(ConnectionUrl.redact("redis://h:6379/0?password=S3c&r3t&db=1&token=x"))
                .isEqualTo("redis://h:6379/0?password=***&db=1&token=***");
    }

    @Test
    void redactsEverythingUpToTheLastAtWhenInDoubt() {
        assertThat(ConnectionUrl.redact("postgresql://tooz:S3cr3t#Pw@127.0.0.1/tooz"))
                .isEqualTo("postgresql://***@127.0.0.1/tooz");
        assertThat(ConnectionUrl.redact("mysql://tooz:S3cr3t?Pw@127.0.0.1/tooz"))
                .isEqualTo("mysql://***@127.0.0.1/tooz");
        assertThat(ConnectionUrl.redact("redis://:S3cr3t/Pw@127.0.0.1:6379")).isEqualTo("redis://***@127.0.0.1:6379");
        assertThat(ConnectionUrl.redact("postgresql//tooz:pw@h/db")).isEqualTo("postgresql//***@h/db");
        assertThat(ConnectionUrl.redact("postgresql:/tooz:pw@h/db")).isEqualTo("postgresql:/***@h/db");
        assertThat(ConnectionUrl.redact("postgresql:///tooz:pw@h/db")).isEqualTo("postgresql:///***@h/db");
        assertThat(ConnectionUrl.redact("tooz:pw@h:5432/db")).isEqualTo("***@h:5432/db");
        assertThat(ConnectionUrl.redact("postgresql:tooz:pw@h/db")).isEqualTo("***@h/db");
        assertThat(ConnectionUrl.redact("redis://h/?password=a@b&x=1")).isEqualTo("redis://h/?password=***&x=1");
        assertThat(ConnectionUrl.redact("redis://h/?x=a@b&y=1")).isEqualTo("redis://***@b&y=1");
        assertThat(ConnectionUrl.redact("localhost:2181")).isEqualTo("localhost:2181");
        assertThat(ConnectionUrl.redact("redis://h1:1,[::1]:2/0")).isEqualTo("redis://h1:1,[::1]:2/0");
        // no '@', but not a host list either: a USER:PASSWORD that lost its @HOST
        assertThat(ConnectionUrl.redact("redis://Us3r:S3cr3tPw")).isEqualTo("redis://***");
        assertThat(ConnectionUrl.redact("redis://Us3r:S3cr3t#Pw0rd/0")).isEqualTo("redis://***");
        assertThat(ConnectionUrl.redact("Us3r:S3cr3tPw")).isEqualTo("***");
    }

    @Test
    void duplicateOptionsKeepEveryValueAndTheLastWins() {
        ConnectionUrl u = ConnectionUrl.parse("memory://x?timeout=10&timeout=20");
        assertThat(u.query()).containsEntry("timeout", List.of("10", "20"));
        DriverOptions o = new DriverOptions(u.scheme(), u.query());
        assertThat(o.string("timeout")).contains("20");
        assertThat(o.integer("timeout", 0, 0, 100)).isEqualTo(20);
    }
}
