package io.tooz.driver.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away TLS material made with the openssl command line: a CA, a server certificate for 127.0.0.1 and
 * localhost and a client certificate (CN {@value #CLIENT_CN}) both signed by it, and an unrelated second CA for
 * negative tests. Keys are unencrypted PKCS#8 PEM (EC P-256), which Netty reads without BouncyCastle.
 */
final class EtcdCerts implements AutoCloseable {
    static final String CLIENT_CN = "tooz-client";

    private final Path dir;

    private EtcdCerts(Path dir) {
        this.dir = dir;
    }

    static EtcdCerts create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tooz-etcd-certs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EtcdCerts certs = new EtcdCerts(dir);
        certs.selfSignedCa("ca", "tooz test CA");
        certs.selfSignedCa("other-ca", "tooz unrelated CA");
        certs.signed(
                "server",
                "127.0.0.1",
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                        + "extendedKeyUsage=serverAuth,clientAuth\n"); // etcd's own gateway dials itself with it
        certs.signed("client", CLIENT_CN, "extendedKeyUsage=clientAuth\n");
        return certs;
    }

    Path caCert() {
        return dir.resolve("ca.pem");
    }

    Path serverCert() {
        return dir.resolve("server.pem");
    }

    Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    Path clientCert() {
        return dir.resolve("client.pem");
    }

    Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    Path otherCaCert() {
        return dir.resolve("other-ca.pem");
    }

    @Override
    public void close() {
        EtcdServers.deleteTree(dir);
    }

    private void selfSignedCa(String name, String cn) {
        genKey(name);
        openssl(
                "req",
                "-x509",
                "-new",
                "-key",
                name + "-key.pem",
                "-subj",
                "/CN=" + cn,
                "-days",
                "3",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-out",
                name + ".pem");
    }

    private void signed(String name, String cn, String extensions) {
        genKey(name);
        write(name + ".ext", extensions + "keyUsage=critical,digitalSignature\n");
        openssl("req", "-new", "-key", name + "-key.pem", "-subj", "/CN=" + cn, "-out", name + ".csr");
        String serial = "0x" + Long.toHexString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        openssl(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-set_serial",
                serial,
                "-days",
                "3",
                "-extfile",
                name + ".ext",
                "-out",
                name + ".pem");
    }

    private void genKey(String name) {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + "-key.pem");
    }

    private void write(String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (install it with apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
