package io.tooz.driver.zookeeper;

import io.tooz.ToozConfigurationException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.util.PemReader;

/**
 * The files ZooKeeper's client reads its TLS material from, made from the options. ZooKeeper takes the client key and
 * certificate from one PEM file: when {@code keyfile} and {@code certfile} differ, both go into a copy in a directory
 * only this user can read, deleted on {@link #close()}. With {@code verify_certs=false} the trust store there holds
 * the certificate the next server presents, read by a handshake of our own just before the client connects: ZooKeeper
 * has no setting that trusts any server, and trusting exactly the certificate it is about to be shown is the same.
 */
final class ZkTlsFiles implements AutoCloseable {
    private final ZkTls tls;
    private final Path dir;
    private final String keyStore;
    private final Path pinned;

    private ZkTlsFiles(ZkTls tls, Path dir, String keyStore, Path pinned) {
        this.tls = tls;
        this.dir = dir;
        this.keyStore = keyStore;
        this.pinned = pinned;
    }

    /** Checks that ZooKeeper can read the files, and writes what it needs. */
    static ZkTlsFiles open(ZkTls tls) {
        if (!tls.enabled()) {
            return new ZkTlsFiles(tls, null, null, null);
        }
        if (tls.ca() != null && tls.verify()) {
            check("ca", tls.ca(), () -> PemReader.readCertificateChain(new File(tls.ca())));
        }
        if (tls.clientCertificate()) {
            check("certfile", tls.certfile(), () -> PemReader.readCertificateChain(new File(tls.certfile())));
            check(
                    "keyfile",
                    tls.keyfile(),
                    () -> PemReader.loadPrivateKey(new File(tls.keyfile()), Optional.ofNullable(tls.keyPassword())));
        }
        boolean combine = tls.clientCertificate()
                && !Path.of(tls.certfile())
                        .toAbsolutePath()
                        .equals(Path.of(tls.keyfile()).toAbsolutePath());
        if (!combine && tls.verify()) {
            return new ZkTlsFiles(tls, null, tls.keyfile(), null);
        }
        try {
            Path dir = Files.createTempDirectory(
                    "tooz-zk-tls-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String keyStore = tls.keyfile();
            if (combine) {
                Path both = dir.resolve("client.pem");
                Files.writeString(
                        both,
                        Files.readString(Path.of(tls.keyfile()), StandardCharsets.ISO_8859_1) + "\n"
                                + Files.readString(Path.of(tls.certfile()), StandardCharsets.ISO_8859_1),
                        StandardCharsets.ISO_8859_1);
                keyStore = both.toString();
            }
            return new ZkTlsFiles(tls, dir, keyStore, tls.verify() ? null : dir.resolve("server.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ZooKeeper's TLS files to a temporary directory", e);
        }
    }

    /** ZooKeeper's client configuration: TLS over Netty with these files, or plain TCP. */
    ZKClientConfig clientConfig() {
        ZKClientConfig c = new ZKClientConfig();
        if (!tls.enabled()) {
            return c;
        }
        c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        String trustStore = pinned != null ? pinned.toString() : tls.ca();
        if (trustStore != null) {
            c.setProperty("zookeeper.ssl.trustStore.location", trustStore);
            c.setProperty("zookeeper.ssl.trustStore.type", "PEM");
        }
        if (keyStore != null) {
            c.setProperty("zookeeper.ssl.keyStore.location", keyStore);
            c.setProperty("zookeeper.ssl.keyStore.type", "PEM");
            if (tls.keyPassword() != null) {
                c.setProperty("zookeeper.ssl.keyStore.password", tls.keyPassword());
            }
        }
        c.setProperty("zookeeper.ssl.hostnameVerification", Boolean.toString(tls.verify()));
        return c;
    }

    /** Whether each server's certificate is read and trusted just before connecting ({@code verify_certs=false}). */
    boolean trustsAnyServer() {
        return pinned != null;
    }

    /**
     * Trusts the certificate the server at {@code server} presents now, for the connection the client is about to
     * open; keeps the trust store as it was if the server does not answer (the connection fails then anyway).
     */
    void trustServerAt(InetSocketAddress server, int timeoutMs) {
        X509Certificate presented = ZkTlsProbe.presentedCertificate(server, timeoutMs);
        if (presented == null) {
            return;
        }
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(presented.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Path next = Files.createTempFile(dir, "server-", ".pem");
            Files.writeString(next, pem, StandardCharsets.US_ASCII);
            Files.move(next, pinned, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            // the connection fails and is tried again
        }
    }

    /** Deletes the files this instance wrote. */
    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory: the system cleans it
        }
    }

    private interface Reader {
        Object read() throws IOException, GeneralSecurityException;
    }

    private static void check(String option, String file, Reader reader) {
        try {
            reader.read();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ToozConfigurationException(
                    "option '" + option + "' of zookeeper:// names " + file + ", which"
                            + " ZooKeeper cannot read as PEM (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + ")"
                            + (option.equals("keyfile")
                                    ? "; the key must be PKCS#8 (BEGIN PRIVATE KEY, or BEGIN ENCRYPTED PRIVATE KEY with"
                                            + " keyfile_password): convert it with openssl pkcs8 -topk8"
                                    : ""),
                    e);
        }
    }
}
