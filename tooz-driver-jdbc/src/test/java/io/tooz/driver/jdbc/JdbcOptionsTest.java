package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.LockId;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** URLs as Python tooz writes them; bad ones fail at build time naming the value and the fix; passwords never show. */
@Timeout(60)
class JdbcOptionsTest {

    private static JdbcSettings settings(String url) {
        ConnectionUrl u = ConnectionUrl.parse(url);
        return JdbcDriverProvider.settings(u, new DriverOptions(u.scheme(), u.query()));
    }

    private static void refused(String url, String... says) {
        assertThatThrownBy(() -> Coordinator.builder(url).memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContainingAll(says)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void pythonToozUrlFormsAreRead() {
        JdbcSettings pg = settings("postgresql://u:hunter2@db.example:6432/app");
        assertThat(pg.address()).isEqualTo("db.example:6432/app");
        assertThat(pg.toozLockIds()).isFalse();
        assertThat(pg.toString()).doesNotContain("hunter2");
        JdbcSettings overridden = settings("postgresql://u@h?dbname=other&port=7000&host=h2&lock_ids=tooz");
        assertThat(overridden.address()).isEqualTo("h2:7000/other");
        assertThat(overridden.toozLockIds()).isTrue();
        JdbcSettings my = settings("mysql://u:hunter2@h/app?ssl_ca=/ca.pem&ssl_check_hostname=false");
        assertThat(my.address()).isEqualTo("h:3306/app");
        assertThat(my.connectionProperties())
                .containsEntry("sslMode", "verify-ca")
                .containsEntry("serverSslCert", "/ca.pem");
        assertThat(settings("mysql://u@h/app?ssl_ca=/ca.pem").connectionProperties())
                .containsEntry("sslMode", "verify-full");
        assertThat(settings("mysql://u@h/app").connectionProperties()).doesNotContainKey("sslMode");
    }

    @Test
    void badUrlsAndOptionsAreRefusedSayingWhatToDo() {
        refused("mysql://u:hunter2@h", "names no database", "mysql://USER:PASSWORD@HOST[:PORT]/DBNAME");
        refused("postgresql://u:hunter2@h/db?table_prefix=Bad-Prefix", "table_prefix", "Bad-Prefix", "lower-case");
        refused("postgresql://u:hunter2@h/db?lock_ids=md5", "lock_ids", "md5", "tooz");
        refused("mysql://u:hunter2@h/db?lock_ids=tooz", "lock_ids");
        refused("mysql://u:hunter2@h/db?ssl_cert=/c.pem", "ssl_cert", "ssl_ca");
        refused("postgresql://u:hunter2@h/db?sslmode=sometimes", "sslmode", "verify-full");
        refused("postgresql://u:hunter2@a:1,b:2/db", "several hosts");
        refused("postgresql://u:hunter2@h/db?password=hunter2&membership_timeout=0.1", "membership_timeout");
    }

    @Test
    @ServerTest
    void wrongCredentialsAndDatabasesFailWithTheFixAndWithoutThePassword() {
        SharedServer.POSTGRESQL.require();
        SharedServer.MYSQL.require();
        for (String url :
                List.of("postgresql://tooz:hunter2@127.0.0.1:5432/tooz", "mysql://tooz:hunter2@127.0.0.1:3306/tooz")) {
            Coordinator c = Coordinator.builder(url).memberId("m").build();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContainingAll("refused user 'tooz'", "check the user and password")
                    .hasMessageNotContaining("hunter2");
        }
        for (String url : List.of(
                "postgresql://tooz:tooz@127.0.0.1:5432/nosuchdb", "mysql://tooz:tooz@127.0.0.1:3306/nosuchdb")) {
            Coordinator c = Coordinator.builder(url).memberId("m").build();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("nosuchdb");
        }
    }

    @Test
    void lockKeysFollowPythonToozWhereAsked() {
        // md5("foo") = acbd18db...: Python tooz locks pg_advisory_lock(0xac, 0xbd)
        LockKey tooz = new PostgresDialect().lockKey(LockId.lock("foo"), true);
        assertThat(tooz.twoInts()).isTrue();
        assertThat(List.of(tooz.k1(), tooz.k2())).containsExactly(0xac, 0xbd);
        LockKey hashed = new PostgresDialect().lockKey(LockId.lock("foo"), false);
        assertThat(hashed.twoInts()).isFalse();
        assertThat(hashed.bigint())
                .isNotEqualTo(new PostgresDialect()
                        .lockKey(LockId.leader("foo"), false)
                        .bigint());
        assertThat(new MySqlDialect().lockKey(LockId.lock("foo"), false).name()).isEqualTo("foo");
        String longName = "x".repeat(65);
        assertThat(new MySqlDialect().lockKey(LockId.lock(longName), false).name())
                .startsWith("tooz:")
                .hasSize(45);
        assertThat(new MySqlDialect().lockKey(LockId.leader("g"), false).name()).isEqualTo("tooz-leader:g");
        assertThat(new MySqlDialect()
                        .lockKey(LockId.lock("\uD83D\uDD11".repeat(64)), false)
                        .name())
                .as("64 characters, though 128 UTF-16 units")
                .doesNotStartWith("tooz:");
    }

    @Test
    @ServerTest
    void onMariaDbOnlyNamesOver192BytesAreHashedAsTheServerRefusesThoseAlone() throws Exception {
        SharedServer.MYSQL.require();
        MySqlDialect mariaDb = new MySqlDialect();
        try (java.sql.Connection c = new JdbcAdmin(false).connect()) {
            mariaDb.learn(c);
        }
        assertThat(mariaDb.lockKey(LockId.lock("x".repeat(192)), false).name()).isEqualTo("x".repeat(192));
        assertThat(mariaDb.lockKey(LockId.lock("\u00e9".repeat(96)), false).name())
                .isEqualTo("\u00e9".repeat(96));
        assertThat(mariaDb.lockKey(LockId.lock("x".repeat(193)), false).name()).startsWith("tooz:");
        assertThat(mariaDb.lockKey(LockId.lock("\u00e9".repeat(97)), false).name())
                .startsWith("tooz:");
    }
}
