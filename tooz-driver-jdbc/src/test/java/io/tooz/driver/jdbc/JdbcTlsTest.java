package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import io.tooz.tck.TestCertificates;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS on the servers of {@code scripts/backends.sh}, whose certificate for 127.0.0.1 and localhost is signed by the CA
 * in {@link JdbcServers#tlsCa()}: the options verify the server against that CA, the sessions are encrypted, and a
 * server that the given CA did not sign is refused with a message naming the host.
 */
@Timeout(60)
@ServerTest
class JdbcTlsTest {
    private static final String PREFIX = "tls_";
    private static final String SETUP = "run scripts/backends.sh up postgresql mysql";
    private static final String SECRET = "not-the-password";

    private static Path ca;

    private static TestCertificates certs;

    private static Path otherCa;

    @BeforeAll
    static void serversSpeakTls() throws Exception {
        SharedServer.POSTGRESQL.require();
        SharedServer.MYSQL.require();
        ca = JdbcServers.tlsCa();
        assertThat(serverSays(true, "SHOW ssl"))
                .as("PostgreSQL's ssl setting; TLS is off: " + SETUP)
                .isEqualTo("on");
        assertThat(serverSays(false, "SELECT @@have_ssl"))
                .as("MariaDB's have_ssl; TLS is off: " + SETUP)
                .isEqualTo("YES");
        certs = TestCertificates.create();
        otherCa = certs.otherCaCert(); // signed nothing the servers have
    }

    @AfterAll
    static void removeCertificates() {
        if (certs != null) {
            certs.close();
        }
    }

    private static String serverSays(boolean postgres, String sql) throws SQLException {
        try (Connection c = new JdbcAdmin(postgres).connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String path(Path p) {
        return URLEncoder.encode(p.toString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Coordinator started(String url, String member) {
        Coordinator c = Coordinator.builder(url).memberId(member).build();
        try {
            c.start();
        } catch (ToozConnectionException e) {
            c.close();
            throw new AssertionError(
                    "starting failed; if the servers' certificates are older than " + ca + ", " + SETUP, e);
        }
        return c;
    }

    /** Joins a new group and takes a lock, and returns the lock's name; the lock is held. */
    private static String joinsAndLocks(Coordinator c) throws Exception {
        String group = "tls-group-" + UUID.randomUUID();
        c.joinGroupCreate(group);
        assertThat(c.getMembers(group).get()).containsExactly(c.memberId());
        String name = "tls-lock-" + UUID.randomUUID();
        assertThat(c.getLock(name).acquire().isStillOwner()).isTrue();
        return name;
    }

    @Test
    void postgresqlVerifiesTheServerAgainstTheCaAndEveryConnectionIsEncrypted() throws Exception {
        String member = "tls-" + UUID.randomUUID();
        String url = JdbcServers.POSTGRESQL + "?sslmode=verify-full&sslrootcert=" + path(ca) + "&timeout=5"
                + "&table_prefix=" + PREFIX;
        try (Coordinator c = started(url, member)) {
            String lock = joinsAndLocks(c);
            long lockSession = new JdbcAdmin(true).lockSessionOf(PREFIX, member, lock);
            List<String> sessions = postgresSessionsOf("tooz-" + member);
            assertThat(sessions).as("the member's sessions: pid ssl").contains(lockSession + " true");
            assertThat(sessions).allSatisfy(s -> assertThat(s).endsWith(" true"));
        }
    }

    /** "pid ssl" of each session whose application_name is {@code application}. */
    private static List<String> postgresSessionsOf(String application) throws SQLException {
        List<String> sessions = new ArrayList<>();
        try (Connection admin = new JdbcAdmin(true).connect();
                PreparedStatement ps = admin.prepareStatement("SELECT a.pid, s.ssl FROM pg_stat_activity a"
                        + " JOIN pg_stat_ssl s ON s.pid = a.pid WHERE a.application_name = ?")) {
            ps.setString(1, application);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getLong(1) + " " + rs.getBoolean(2));
                }
            }
        }
        return sessions;
    }

    @Test
    void mysqlSslCaVerifiesTheServerAndItsHostNameAndTheSessionIsEncrypted() throws Exception {
        String url = JdbcServers.MYSQL + "?ssl_ca=" + path(ca) + "&timeout=5&table_prefix=" + PREFIX;
        assertThat(settings(url).connectionProperties()).containsEntry("sslMode", "verify-full");
        try (Coordinator c = started(url, "tls-" + UUID.randomUUID())) {
            joinsAndLocks(c);
        }
        assertThat(mysqlCipherOf(url))
                .as("Ssl_cipher of a session the driver opened")
                .isNotEmpty();
    }

    /** The mapping of Python tooz's options to Connector/J's, checked on sessions the driver's own pool opens. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "ssl_ca={ca}&ssl_check_hostname=false",
                "ssl_verify_mode=none",
                "ssl_ca={other}&ssl_verify_mode=none"
            })
    void mysqlTlsOptionsGiveEncryptedSessions(String options) throws Exception {
        String url = JdbcServers.MYSQL + "?timeout=5&"
                + options.replace("{ca}", path(ca)).replace("{other}", path(otherCa));
        assertThat(mysqlCipherOf(url)).isNotEmpty();
    }

    @Test
    void mysqlSslVerifyModeOptionalVerifiesAsInPython() {
        try (Coordinator c = Coordinator.builder(
                        JdbcServers.MYSQL + "?timeout=5&ssl_verify_mode=optional&ssl_ca=" + path(otherCa))
                .memberId("tls-" + UUID.randomUUID())
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("PKIX");
        }
    }

    @Test
    void mysqlSslCipherTakesOpenSslNamesAndLeavesTls13OnAsPyMySqlDoes() throws Exception {
        String url = JdbcServers.MYSQL + "?timeout=5&ssl_ca=" + path(ca) + "&ssl_cipher=ECDHE-RSA-AES256-GCM-SHA384";
        assertThat(settings(url).connectionProperties().get("enabledSslCipherSuites"))
                .startsWith("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,")
                .contains("TLS_AES_256_GCM_SHA384");
        assertThat(mysqlCipherOf(url))
                .isIn(
                        "ECDHE-RSA-AES256-GCM-SHA384",
                        "TLS_AES_256_GCM_SHA384",
                        "TLS_AES_128_GCM_SHA256",
                        "TLS_CHACHA20_POLY1305_SHA256");
        // the server's key is RSA: this TLS 1.2 suite cannot be used, TLS 1.3 still is (as with Python's ssl module)
        assertThat(mysqlCipherOf(JdbcServers.MYSQL + "?timeout=5&ssl_ca=" + path(ca)
                        + "&ssl_cipher=ECDHE-ECDSA-AES256-GCM-SHA384"))
                .startsWith("TLS_");
        assertThatThrownBy(() -> Coordinator.builder(JdbcServers.MYSQL + "?ssl_ca=" + path(ca) + "&ssl_cipher=HIGH")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_cipher' of mysql:// names 'HIGH'");
    }

    @Test
    void mysqlClientCertificateLogsInAsTheUserThatRequiresOne() throws Exception {
        String user = JdbcServers.MYSQL_X509 + "?timeout=5&table_prefix=" + PREFIX + "&ssl_ca=" + path(ca);
        String cert = "&ssl_cert=" + path(JdbcServers.tlsClientCert()) + "&ssl_key=" + path(JdbcServers.tlsClientKey());
        try (Coordinator c = started(user + cert, "x509-" + UUID.randomUUID())) {
            joinsAndLocks(c);
        }
        assertThat(mysqlSays(user + cert, "SELECT CURRENT_USER()")).startsWith("tooz_x509@");
        // the key after the certificate in one file, as Python's load_cert_chain takes it
        Path combined = Files.createTempFile("tooz-client", ".pem");
        try {
            Files.writeString(
                    combined,
                    Files.readString(JdbcServers.tlsClientCert()) + Files.readString(JdbcServers.tlsClientKey()));
            assertThat(mysqlSays(user + "&ssl_cert=" + path(combined), "SELECT CURRENT_USER()"))
                    .startsWith("tooz_x509@");
        } finally {
            Files.delete(combined);
        }
        try (Coordinator c =
                Coordinator.builder(user).memberId("x509-" + UUID.randomUUID()).build()) {
            assertThatThrownBy(c::start)
                    .as("no client certificate")
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("refused user 'tooz_x509'")
                    .hasMessageContaining("ssl_cert and ssl_key for a client certificate");
        }
    }

    @Test
    void mysqlSslCapathTrustsTheCasOfADirectory() throws Exception {
        Path dir = Files.createTempDirectory("tooz-capath");
        try {
            Files.copy(otherCa, dir.resolve("1a2b3c4d.0"));
            String url = JdbcServers.MYSQL + "?timeout=5&ssl_capath=" + path(dir);
            assertThat(settings(url).connectionProperties()).containsEntry("sslMode", "verify-full");
            try (Coordinator c = Coordinator.builder(url).memberId("capath").build()) {
                assertThatThrownBy(c::start)
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining("PKIX path building failed");
            }
            Files.copy(ca, dir.resolve("5e6f7a8b.0"));
            assertThat(mysqlCipherOf(url)).isNotEmpty();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void mysqlSslCipherChoosesTheCipherByItsJavaName() throws Exception {
        String url = JdbcServers.MYSQL + "?timeout=5&ssl_ca=" + path(ca)
                + "&ssl_cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        assertThat(mysqlCipherOf(url)).as("the server's (OpenSSL's) name").isEqualTo("ECDHE-RSA-AES256-GCM-SHA384");
    }

    @Test
    void withoutTlsOptionsMysqlStaysPlainAndPostgresqlSslmodeDisableToo() throws Exception {
        assertThat(mysqlCipherOf(JdbcServers.MYSQL)).isEmpty();
        String member = "plain-" + UUID.randomUUID();
        try (Coordinator c = started(JdbcServers.POSTGRESQL + "?sslmode=disable&table_prefix=" + PREFIX, member)) {
            joinsAndLocks(c);
            assertThat(postgresSessionsOf("tooz-" + member)).isNotEmpty().allSatisfy(s -> assertThat(s)
                    .endsWith(" false"));
        }
    }

    /**
     * Ssl_cipher of a session that the driver's own pool opens with the properties it builds from {@code url}. MariaDB
     * shows another session's TLS state only in performance_schema, which is off on the test server.
     */
    private static String mysqlCipherOf(String url) throws SQLException {
        return mysqlSays(url, "SHOW SESSION STATUS LIKE 'Ssl_cipher'", 2);
    }

    /** The first column of what {@code sql} answers on a session the driver's own pool opens for {@code url}. */
    static String mysqlSays(String url, String sql) throws SQLException {
        return mysqlSays(url, sql, 1);
    }

    private static String mysqlSays(String url, String sql, int column) throws SQLException {
        try (JdbcPool pool = new JdbcPool(settings(url), "tooz-tls-check")) {
            JdbcPool.Conn c = pool.open("checking TLS");
            try (Statement st = c.jdbc.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                assertThat(rs.next()).isTrue();
                return rs.getString(column);
            } finally {
                JdbcPool.close(c);
            }
        }
    }

    /** The settings the driver builds from {@code url}, as {@code Coordinator.builder(url)} would. */
    static JdbcSettings settings(String url) {
        ConnectionUrl u = ConnectionUrl.parse(url);
        return JdbcDriverProvider.settings(u, new DriverOptions(u.scheme(), u.query()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://tooz:" + SECRET + "@127.0.0.1:5432/tooz?sslmode=verify-full&sslrootcert=",
                "mysql://tooz:" + SECRET + "@127.0.0.1:3306/tooz?ssl_ca="
            })
    void aServerThatTheCaDidNotSignIsRefusedNamingTheHost(String urlUpToCa) {
        try (Coordinator c = Coordinator.builder(urlUpToCa + path(otherCa) + "&timeout=5")
                .memberId("tls-" + UUID.randomUUID())
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("127.0.0.1:" + (urlUpToCa.startsWith("mysql") ? 3306 : 5432))
                    .hasMessageContaining("PKIX path building failed")
                    .hasMessageContaining("check the server certificate options")
                    .hasMessageNotContaining(SECRET)
                    .hasMessageNotContaining("refused user");
        }
    }
}
