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
 * #close()}. Keys are unencrypted PKCS#8 PEM (EC P-256), which the JDK, Netty and OpenSSL servers read as they are.
 *
 * @param caCert the CA that signed the server and client certificates
 * @param serverCert the server certificate, for 127.0.0.1 and localhost
 * @param serverKey its key
 * @param clientCert the client certificate (CN {@value #CLIENT_CN})
 * @param clientKey its key
 * @param otherCaCert a CA that signed nothing here, for negative tests
 */
public record TestCertificates(
        Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path otherCaCert)
        implements AutoCloseable {
    /** The client certificate's common name. */
    public static final String CLIENT_CN = "tooz-client";

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
        selfSignedCa(dir, "ca", "tooz test CA");
        selfSignedCa(dir, "other-ca", "tooz unrelated CA");
        // serverAuth and clientAuth: a server may dial itself with it (etcd's gateway does)
        signed(
                dir,
                "server",
                "127.0.0.1",
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n" + "extendedKeyUsage=serverAuth,clientAuth\n");
        signed(dir, "client", CLIENT_CN, "extendedKeyUsage=clientAuth\n");
        return new TestCertificates(
                dir.resolve("ca.pem"),
                dir.resolve("server.pem"),
                dir.resolve("server-key.pem"),
                dir.resolve("client.pem"),
                dir.resolve("client-key.pem"),
                dir.resolve("other-ca.pem"));
    }

    /** Deletes the files. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(caCert.getParent())) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void selfSignedCa(Path dir, String name, String cn) {
        genKey(dir, name);
        openssl(
                dir,
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

    private static void signed(Path dir, String name, String cn, String extensions) {
        genKey(dir, name);
        write(dir, name + ".ext", extensions + "keyUsage=critical,digitalSignature\n");
        openssl(dir, "req", "-new", "-key", name + "-key.pem", "-subj", "/CN=" + cn, "-out", name + ".csr");
        String serial = "0x" + Long.toHexString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        openssl(
                dir,
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

    private static void genKey(Path dir, String name) {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + "-key.pem");
    }

    private static void write(Path dir, String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) {
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
