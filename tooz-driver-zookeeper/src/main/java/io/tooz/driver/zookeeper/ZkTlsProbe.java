package io.tooz.driver.zookeeper;

import io.tooz.ToozConfigurationException;
import io.tooz.internal.tls.TlsFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS handshake of our own with a ZooKeeper server, up to its certificate: to read the certificate it presents
 * ({@code verify_certs=false}), or to say why the client does not trust it (ZooKeeper's client only retries).
 */
final class ZkTlsProbe {
    private ZkTlsProbe() {}

    /** The certificate the server presents, or null if it presented none within {@code timeoutMs}. */
    static X509Certificate presentedCertificate(InetSocketAddress server, int timeoutMs) {
        Recorder r = new Recorder(null);
        handshake(server, r, false, timeoutMs);
        return r.presented;
    }

    /**
     * Why the server's certificate fails the verification the options ask for ({@code ca}, or the JVM's trust store
     * without it; the host name with {@code verify_certs}), or null if it passes or the server presented none.
     */
    static String untrusted(InetSocketAddress server, ZkTls tls, int timeoutMs) {
        X509ExtendedTrustManager verifier;
        try {
            verifier = TlsFiles.trustManager(
                    tls.ca() == null ? List.of() : ZkTlsFiles.FILES.certificates(Path.of(tls.ca()), "ca"));
        } catch (ToozConfigurationException e) {
            return null; // start() checked the file: gone meanwhile, ZooKeeper fails on it too
        }
        Recorder r = new Recorder(verifier);
        handshake(server, r, tls.verify(), timeoutMs);
        return r.failure;
    }

    private static void handshake(InetSocketAddress server, Recorder recorder, boolean checkHost, int timeoutMs) {
        InetSocketAddress to =
                server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort()) : server;
        if (to.isUnresolved()) {
            return;
        }
        try (Socket plain = new Socket()) {
            plain.connect(to, timeoutMs);
            plain.setSoTimeout(timeoutMs);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {recorder}, null);
            try (SSLSocket s =
                    (SSLSocket) ctx.getSocketFactory().createSocket(plain, to.getHostString(), to.getPort(), false)) {
                if (checkHost) {
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    s.setSSLParameters(p);
                }
                s.startHandshake();
            }
        } catch (IOException | GeneralSecurityException e) {
            // the recorder holds what the handshake got to
        }
    }

    /** Records the certificate the server presents and, with a verifier, why the verifier refused it. */
    private static final class Recorder extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager verifier;
        volatile X509Certificate presented;
        volatile String failure;

        Recorder(X509ExtendedTrustManager verifier) {
            this.verifier = verifier;
        }

        private void check(X509Certificate[] chain, Check check) throws CertificateException {
            if (chain != null && chain.length > 0) {
                presented = chain[0];
            }
            if (verifier == null) {
                return;
            }
            try {
                check.run();
            } catch (CertificateException e) {
                failure = String.valueOf(e.getMessage());
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, () -> verifier.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, () -> verifier.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, () -> verifier.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return verifier == null ? new X509Certificate[0] : verifier.getAcceptedIssuers();
        }

        private interface Check {
            void run() throws CertificateException;
        }
    }
}
