package io.tooz.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throw-away TLS material for tests, made with the openssl command line in a temporary directory removed on {@link
 * #close()}: a CA, a server certificate for 127.0.0.1 and localhost and a client certificate (CN {@value #CLIENT_CN})
 * both signed by it, and an unrelated second CA for negative tests. Keys are unencrypted PKCS#8 PEM (EC P-256), which
 * the JDK, Netty and OpenSSL servers read as they are.
 */
public final class TestCertificates implements AutoCloseable {
    /** The client certificate's common name. */
    public static final String CLIENT_CN = "tooz-client";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes a fresh set.
     *
     * @throws IllegalStateException if openssl fails (it must be installed: {@code apt-get install openssl})
     */
    public static TestCertificates create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tooz-test-certs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates certs = new TestCertificates(dir);
        certs.selfSignedCa("ca", "tooz test CA");
        certs.selfSignedCa("other-ca", "tooz unrelated CA");
        certs.signed(
                "server",
                "127.0.0.1",
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                        + "extendedKeyUsage=serverAuth,clientAuth\n"); // a server may dial itself with it (etcd's
        // gateway)
        certs.signed("client", CLIENT_CN, "extendedKeyUsage=clientAuth\n");
        return certs;
    }

    /** The CA that signed the server and client certificates. */
    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate (127.0.0.1 and localhost). */
    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    /** The server certificate's key. */
    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** The client certificate. */
    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    /** The client certificate's key. */
    public Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    /** A CA that signed nothing here. */
    public Path otherCaCert() {
        return dir.resolve("other-ca.pem");
    }

    /** Deletes the files. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
