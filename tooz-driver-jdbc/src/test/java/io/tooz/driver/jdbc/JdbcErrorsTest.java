package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.tck.FaultPorts;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a user reads when a database URL points at the wrong port (the shared servers of {@code scripts/backends.sh}):
 * the other database is named, a silent service ends within the timeout saying so, a stopped server is named; never
 * this repository's scripts, never the password.
 */
@Timeout(60)
class JdbcErrorsTest {

    @Test
    @ServerTest
    void postgresqlPointedAtMariaDbSaysItIsNotPostgresql() {
        SharedServer.MYSQL.require();
        try (Coordinator c = Coordinator.builder("postgresql://tooz:tooz@127.0.0.1:3306/tooz?timeout=5")
                .memberId("m")
                .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("the server at 127.0.0.1:3306 is not PostgreSQL")
                    .hasMessageContaining("MySQL or MariaDB, by the look of it")
                    .hasMessageNotContaining("backends.sh")
                    .hasMessageNotContaining("tooz:tooz");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(7));
        }
    }

    @Test
    @ServerTest
    void mysqlPointedAtASilentServiceEndsWithinTheTimeoutNamingThePort() {
        SharedServer.POSTGRESQL.require();
        try (Coordinator c = Coordinator.builder("mysql://tooz:tooz@127.0.0.1:5432/tooz?timeout=2")
                .memberId("m")
                .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("no answer from MySQL at 127.0.0.1:5432/tooz")
                    .hasMessageContaining("the port is the database's")
                    .hasMessageNotContaining("backends.sh");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aStoppedServerIsNamedWithoutPointingAtThisRepositorysScripts() {
        String where = "127.0.0.1:" + FaultPorts.refused().getPort();
        for (String scheme : new String[] {"postgresql", "mysql"}) {
            try (Coordinator c = Coordinator.builder(scheme + "://tooz:tooz@" + where + "/tooz?timeout=2")
                    .memberId("m")
                    .build()) {
                assertThatThrownBy(c::start)
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(where)
                        .hasMessageContaining("runs there and that the URL's host and port are right")
                        .hasMessageNotContaining("backends.sh");
            }
        }
    }
}
