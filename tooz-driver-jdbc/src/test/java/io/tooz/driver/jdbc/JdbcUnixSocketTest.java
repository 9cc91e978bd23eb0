package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The servers' unix sockets, as Python tooz reaches them: MySQL's {@code unix_socket} option (PyMySQL), PostgreSQL's
 * {@code host} option naming the socket's directory (libpq, through psycopg2).
 */
@Timeout(60)
@ServerTest
class JdbcUnixSocketTest {
    private static final String SOCKET = URLEncoder.encode(JdbcServers.MYSQL_SOCKET, StandardCharsets.UTF_8);

    @BeforeAll
    static void serversUp() {
        SharedServer.MYSQL.require();
        SharedServer.POSTGRESQL.require();
    }

    /** Where MariaDB says the session comes from: {@code localhost} over the socket, {@code HOST:PORT} over TCP. */
    private static String clientHost(String url) throws Exception {
        return JdbcTlsTest.mysqlSays(url, "SELECT host FROM information_schema.processlist WHERE id = CONNECTION_ID()");
    }

    @Test
    void mysqlUnixSocketConnectsThroughTheSocketWithOrWithoutAHost() throws Exception {
        assertThat(clientHost(JdbcServers.MYSQL)).as("over TCP").startsWith("localhost:");
        for (String url : new String[] {
            "mysql://tooz:tooz@localhost/tooz?unix_socket=" + SOCKET,
            "mysql://tooz:tooz@127.0.0.1:9/tooz?unix_socket=" + SOCKET, // PyMySQL ignores host and port then
        }) {
            assertThat(clientHost(url)).as(url).isEqualTo("localhost");
            try (Coordinator c = Coordinator.builder(url + "&timeout=5&table_prefix=unix_")
                    .memberId("unix-" + UUID.randomUUID())
                    .build()) {
                c.start();
                String group = "unix-" + UUID.randomUUID();
                c.joinGroupCreate(group);
                assertThat(c.getMembers(group).get()).containsExactly(c.memberId());
                assertThat(c.getLock("unix-" + UUID.randomUUID()).acquire().isStillOwner())
                        .isTrue();
            }
        }
    }

    @Test
    void mysqlUnixSocketCarriesTlsToo() throws Exception {
        String url = "mysql://tooz:tooz@localhost/tooz?unix_socket=" + SOCKET + "&ssl_ca="
                + URLEncoder.encode(JdbcServers.tlsCa().toString(), StandardCharsets.UTF_8);
        assertThat(clientHost(url)).isEqualTo("localhost");
        assertThat(JdbcTlsTest.mysqlSays(url, "SHOW SESSION STATUS LIKE 'Ssl_cipher'"))
                .isEqualTo("Ssl_cipher");
        assertThat(JdbcTlsTest.mysqlSays(
                        url,
                        "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS"
                                + " WHERE VARIABLE_NAME = 'SSL_CIPHER'"))
                .isNotEmpty();
    }

    @Test
    void overTheSocketTlsChecksTheUrlsHostUnlessSslCheckHostnameIsFalse() throws Exception {
        // the server's certificate names 127.0.0.1 and localhost only; over the socket the URL's host is free
        String url = "mysql://tooz:tooz@db.example/tooz?timeout=5&unix_socket=" + SOCKET + "&ssl_ca="
                + URLEncoder.encode(JdbcServers.tlsCa().toString(), StandardCharsets.UTF_8);
        try (Coordinator c = Coordinator.builder(url).memberId("m").build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("db.example");
        }
        assertThat(clientHost(url + "&ssl_check_hostname=false")).isEqualTo("localhost");
    }

    @Test
    void aMissingSocketFailsNamingIt() {
        try (Coordinator c = Coordinator.builder(
                        "mysql://tooz:hunter2@localhost/tooz?timeout=2&unix_socket=/nowhere.sock")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("/nowhere.sock")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void postgresqlHostNamingADirectoryIsTheServersSocketThere() {
        // Debian's pg_hba.conf lets local (socket) sessions in by peer authentication only: the server answering
        // that for user tooz shows the session came over the socket
        String url = "postgresql://tooz:tooz@/tooz?host=%2Fvar%2Frun%2Fpostgresql&timeout=5";
        assertThat(JdbcTlsTest.settings(url).address())
                .isEqualTo("unix socket /var/run/postgresql/.s.PGSQL.5432, database tooz");
        try (Coordinator c = Coordinator.builder(url).memberId("m").build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("PostgreSQL at unix socket /var/run/postgresql/.s.PGSQL.5432")
                    .hasMessageContaining("Peer authentication failed for user");
        }
    }
}
