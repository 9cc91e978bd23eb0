package io.tooz.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.spi.ConnectionUrl;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which URLs the extension can put a proxy in front of: one TCP host:port that the URL alone names, in plain text. */
class ProxyTargetTest {

    private static boolean proxied(String url) {
        return BackendSetup.proxyTarget(url, ConnectionUrl.parse(url), Map.of()) != null;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mysql://u:p@127.0.0.1:3306/db",
                "postgresql://u:p@127.0.0.1:5432/db?timeout=5",
                "memcached://127.0.0.1:11211?use_ssl=false"
            })
    void plainTcpToOneHostIsProxied(String url) {
        assertThat(proxied(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mysql://u:p@127.0.0.1:3306/db?unix_socket=/run/mysqld/mysqld.sock",
                "postgresql://u:p@127.0.0.1:5432/db?host=/var/run/postgresql",
                "postgresql://u:p@127.0.0.1:5432/db?host=10.0.0.9",
                "memcached://127.0.0.1:11211?use_ssl=true",
                "redis://127.0.0.1:6379?ssl=true",
                "memcached://127.0.0.1"
            })
    void socketsOtherHostsAndTlsAreNot(String url) {
        assertThat(proxied(url)).isFalse();
    }
}
