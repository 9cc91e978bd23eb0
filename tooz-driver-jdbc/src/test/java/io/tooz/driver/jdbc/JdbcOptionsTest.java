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
import io.tooz.tck.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        JdbcSettings my = settings("mysql://u:hunter2@h/app");
        assertThat(my.address()).isEqualTo("h:3306/app");
        assertThat(my.connectionProperties()).doesNotContainKey("sslMode");
    }

    /** The sslMode PyMySQL's reading of each combination gives: verify the chain? the name? */
    @ParameterizedTest
    @CsvSource({
        "ssl_ca={ca}, verify-full",
        "ssl_ca={ca}&ssl_check_hostname=false, verify-ca",
        "ssl_capath={dir}, verify-full",
        "ssl_ca={ca}&ssl_verify_mode=none, trust",
        "ssl_ca={ca}&ssl_verify_mode=optional, verify-full",
        "ssl_verify_mode=required, verify-ca", // no CA given: the JVM's, and no name check (PyMySQL's hasnoca)
        "ssl_verify_mode=1, verify-ca",
        "ssl_verify_mode=no, trust",
        "ssl_check_hostname=false, trust", // any ssl_* option turns TLS on, as PyMySQL's non-empty ssl dict
        "ssl_cert={cert}&ssl_key={key}, trust",
        "ssl_cipher=AES128-SHA, trust",
        "ssl_ca=, ", // empty values are dropped, as Python tooz's `if value:`
    })
    void mysqlTlsOptionsAsPyMySqlReadsThem(String options, String sslMode) throws Exception {
        try (TestCertificates certs = TestCertificates.create()) {
            Path dir = Files.createDirectory(certs.caCert().resolveSibling("capath"));
            Files.copy(certs.caCert(), dir.resolve("0a1b2c3d.0"));
            String query = options.replace("{ca}", certs.caCert().toString())
                    .replace("{dir}", dir.toString())
                    .replace("{cert}", certs.clientCert().toString())
                    .replace("{key}", certs.clientKey().toString());
            Map<String, String> props =
                    settings("mysql://u:hunter2@h/app?" + query).connectionProperties();
            if (sslMode == null) {
                assertThat(props).doesNotContainKeys("sslMode", "tlsSocketType");
            } else {
                assertThat(props).containsEntry("sslMode", sslMode).containsEntry("tlsSocketType", MySqlTlsPlugin.TYPE);
            }
        }
    }

    @Test
    void everyOptionPythonToozReadsIsAccepted() throws Exception {
        try (TestCertificates certs = TestCertificates.create()) {
            // mysql.py (3.1.0 and master): ssl_ca, ssl_capath, ssl_cert, ssl_key, ssl_cipher, ssl_verify_mode,
            // ssl_check_hostname, unix_socket; pgsql.py: host, port, dbname
            ConnectionUrl my = ConnectionUrl.parse("mysql://u:hunter2@h/app?ssl_ca=" + certs.caCert() + "&ssl_capath="
                    + certs.caCert().getParent() + "&ssl_cert=" + certs.clientCert() + "&ssl_key="
                    + certs.clientKey() + "&ssl_cipher=ECDHE-ECDSA-AES128-GCM-SHA256&ssl_verify_mode=required"
                    + "&ssl_check_hostname=true&unix_socket=/run/mysqld/mysqld.sock");
            DriverOptions o = new DriverOptions(my.scheme(), my.query());
            JdbcSettings s = JdbcDriverProvider.settings(my, o);
            assertThat(o.unknown()).isEmpty();
            assertThat(s.unixSocket()).isEqualTo(Path.of("/run/mysqld/mysqld.sock"));
            assertThat(s.connectionProperties())
                    .containsEntry(MySqlTls.CERT, certs.clientCert().toString())
                    .containsEntry(MySqlTls.KEY, certs.clientKey().toString())
                    .containsKey(MySqlTls.CA_PATH);
            assertThat(s.connectionProperties().get("enabledSslCipherSuites"))
                    .startsWith("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,");
            ConnectionUrl pg = ConnectionUrl.parse("postgresql://u@/app?host=h&port=5433&dbname=other");
            DriverOptions po = new DriverOptions(pg.scheme(), pg.query());
            assertThat(JdbcDriverProvider.settings(pg, po).address()).isEqualTo("h:5433/other");
            assertThat(po.unknown()).isEmpty();
        }
        refused("mysql://u:hunter2@h/db?ssl_ca=&unix_sockets=/x", "unix_sockets");
        refused("postgresql://u:hunter2@h/db?unix_socket=/x", "unix_socket");
    }

    @Test
    void unixSocketsStandInForHostAndPort() {
        JdbcSettings my = settings("mysql://u:hunter2@/app?unix_socket=/run/mysqld/mysqld.sock");
        assertThat(my.address()).isEqualTo("unix socket /run/mysqld/mysqld.sock, database app");
        assertThat(my.host()).isEqualTo("localhost");
        JdbcSettings pg = settings("postgresql://u@/app?host=/var/run/postgresql&port=5433");
        assertThat(pg.unixSocket()).isEqualTo(Path.of("/var/run/postgresql/.s.PGSQL.5433"));
        assertThat(pg.connectionProperties()).containsEntry("socketFactoryArg", "/var/run/postgresql/.s.PGSQL.5433");
        refused("mysql://u:hunter2@/app", "names no host", "unix_socket=PATH");
        refused("postgresql://u:hunter2@/app", "names no host", "host=/var/run/postgresql");
    }

    @Test
    void badUrlsAndOptionsAreRefusedSayingWhatToDo() {
        refused("mysql://u:hunter2@h", "names no database", "mysql://USER:PASSWORD@HOST[:PORT]/DBNAME");
        refused("postgresql://u:hunter2@h/db?table_prefix=Bad-Prefix", "table_prefix", "Bad-Prefix", "lower-case");
        refused("postgresql://u:hunter2@h/db?lock_ids=md5", "lock_ids", "md5", "tooz");
        refused("mysql://u:hunter2@h/db?lock_ids=tooz", "lock_ids");
        refused(
                "mysql://u:hunter2@h/db?ssl_cert=/c.pem",
                "option 'ssl_cert' of mysql:// names /c.pem",
                "cannot be read");
        refused("mysql://u:hunter2@h/db?ssl_key=/k.pem", "'ssl_key' of mysql:// is given without 'ssl_cert'");
        refused("mysql://u:hunter2@h/db?ssl_capath=/nowhere", "option 'ssl_capath' of mysql:// names /nowhere");
        refused("mysql://u:hunter2@h/db?ssl_verify_mode=sometimes", "ssl_verify_mode", "sometimes", "required");
        refused("mysql://u:hunter2@h/db?ssl_cipher=HIGH:!aNULL", "option 'ssl_cipher' of mysql:// names 'HIGH'");
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
