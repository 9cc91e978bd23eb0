package io.tooz.driver.zookeeper;

import io.tooz.internal.tls.ClientKey;
import io.tooz.internal.tls.TlsFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * The files ZooKeeper's client reads its TLS material from, made from the options, in a directory only this user can
 * read, deleted on {@link #close()}. ZooKeeper's Netty client takes key and trust stores only as files (no in-memory
 * store or SSLContext reaches it), so: the client key and certificate chain, read by the core's {@link TlsFiles} (any
 * form kazoo takes), in a PKCS#12 key store under a fresh random password, the plain key never on disk; and with
 * {@code verify_certs=false} a trust store holding the certificate the next server presents, read by a handshake of
 * our own just before the client connects: ZooKeeper has no setting that trusts any server, and trusting exactly the
 * certificate it is about to be shown is the same. The {@code ca} file is checked here and given to ZooKeeper as it
 * is.
 */
final class ZkTlsFiles implements AutoCloseable {
    static final TlsFiles FILES = new TlsFiles("zookeeper");

    private final ZkTls tls;
    private final Path dir;
    private final Path keyStore;
    private final String keyStorePassword;
    private final Path pinned;

    private ZkTlsFiles(ZkTls tls, Path dir, Path keyStore, String keyStorePassword, Path pinned) {
        this.tls = tls;
        this.dir = dir;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.pinned = pinned;
    }

    /** Reads the files (failing with the option and file named), and writes what ZooKeeper needs. */
    static ZkTlsFiles open(ZkTls tls) {
        if (tls.ca() != null && tls.enabled() && tls.verify()) {
            FILES.certificates(Path.of(tls.ca()), "ca");
        }
        if (!tls.enabled() || (!tls.clientCertificate() && tls.verify())) {
            return new ZkTlsFiles(tls, null, null, null, null);
        }
        ClientKey key = tls.clientCertificate()
                ? FILES.clientKey(
                        Path.of(tls.certfile()),
                        "certfile",
                        Path.of(tls.keyfile()),
                        "keyfile",
                        tls.keyPassword() == null ? null : tls.keyPassword().toCharArray(),
                        "keyfile_password")
                : null;
        Path dir;
        try {
            dir = Files.createTempDirectory(
                    "tooz-zk-tls-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            try {
                dir = Files.createTempDirectory("tooz-zk-tls-"); // the user's own temporary directory, on Windows
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary directory for ZooKeeper's TLS files", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for ZooKeeper's TLS files", e);
        }
        Path keyStore = key == null ? null : dir.resolve("client.p12");
        String password = key == null ? null : randomPassword();
        try {
            if (key != null) {
                try (OutputStream out = Files.newOutputStream(keyStore)) {
                    key.keyStore(password.toCharArray()).store(out, password.toCharArray());
                }
            }
            return new ZkTlsFiles(tls, dir, keyStore, password, tls.verify() ? null : dir.resolve("server.pem"));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            new ZkTlsFiles(tls, dir, null, null, null).close();
            throw new IllegalStateException("cannot write ZooKeeper's key store in " + dir + ": " + e, e);
        }
    }

    private static String randomPassword() {
        byte[] pw = new byte[24];
        new SecureRandom().nextBytes(pw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
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
            c.setProperty("zookeeper.ssl.keyStore.location", keyStore.toString());
            c.setProperty("zookeeper.ssl.keyStore.type", "PKCS12");
            c.setProperty("zookeeper.ssl.keyStore.password", keyStorePassword);
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
}
