package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.ToozConnectionException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rediss://} against a TLS-only redis-server of the test's own, with a CA and certificates made by openssl:
 * server verification against {@code ssl_ca_certs}, client certificates, and a clear failure for an untrusted server.
 */
@Timeout(60)
class RedisTlsTest {
    private static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        if (!new File("/usr/bin/openssl").canExecute()) {
            throw new AssertionError("/usr/bin/openssl is missing: apt-get install openssl");
        }
        dir = Files.createTempDirectory("tooz-redis-tls-");
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=tooz-test-ca");
        for (String who : List.of("server", "client")) {
            openssl("req -newkey rsa:2048 -nodes -keyout " + who + ".key -out " + who + ".csr -subj /CN=" + who);
            openssl("x509 -req -in " + who + ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -out " + who
                    + ".pem -days 2 -extfile ext.cnf");
        }
    }

    private static void openssl(String args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        cmd.addAll(List.of(args.split(" ")));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("openssl %s: %s", args, out)
                .isTrue();
    }

    private static PrivateRedis tlsServer(boolean clientCertificates) throws Exception {
        return PrivateRedis.start(List.of(
                "--tls-port",
                "--tls-cert-file",
                dir.resolve("server.pem").toString(),
                "--tls-key-file",
                dir.resolve("server.key").toString(),
                "--tls-ca-cert-file",
                dir.resolve("ca.pem").toString(),
                "--tls-auth-clients",
                clientCertificates ? "yes" : "no"));
    }

    @Test
    void rootCaVerifiesTheServerAndEverythingWorksOverTls() throws Exception {
        try (PrivateRedis redis = tlsServer(false);
                Coordinator c = Coordinator.builder("rediss://127.0.0.1:" + redis.port + "?ssl_ca_certs="
                                + dir.resolve("ca.pem") + "&timeout=2")
                        .memberId("tls")
                        .build()) {
            c.start();
            c.joinGroupCreate("g");
            assertThat(c.getMembers("g").get()).containsExactly("tls");
            try (LockLease lease = c.getLock("x").acquire()) {
                assertThat(lease.isStillOwner()).isTrue();
            }
        }
    }

    @Test
    void clientCertificatesAreSentWhenTheServerAsksForThem() throws Exception {
        try (PrivateRedis redis = tlsServer(true)) {
            String base =
                    "redis://127.0.0.1:" + redis.port + "?ssl=true&timeout=2&ssl_ca_certs=" + dir.resolve("ca.pem");
            try (Coordinator c = Coordinator.builder(base + "&ssl_certfile=" + dir.resolve("client.pem")
                            + "&ssl_keyfile=" + dir.resolve("client.key"))
                    .memberId("mtls")
                    .build()) {
                c.start();
                c.joinGroupCreate("g");
                assertThat(c.getMembers("g").get()).containsExactly("mtls");
            }
            try (Coordinator anonymous =
                    Coordinator.builder(base).memberId("anon").build()) {
                assertThatThrownBy(anonymous::start).isInstanceOf(ToozConnectionException.class);
            }
        }
    }

    @Test
    void anUntrustedServerIsRefused() throws Exception {
        try (PrivateRedis redis = tlsServer(false);
                Coordinator c = Coordinator.builder("rediss://127.0.0.1:" + redis.port + "?timeout=2")
                        .memberId("x")
                        .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("127.0.0.1:" + redis.port)
                    .hasMessageContaining("ssl_ca_certs");
        }
    }
}
