package io.tooz.driver.memcached;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS to memcached ({@code use_ssl=true}), set up as Python tooz sets up its {@code ssl.SSLContext}: the server's
 * certificate is always verified (against {@code ca_cert}, or the JVM's CAs), its name only with {@code
 * ssl_check_hostname}; a client certificate is sent if one is given.
 *
 * @param ciphers the cipher suites to offer, or null for the JVM's
 */
record MemcachedTls(SSLContext context, boolean checkHostname, List<String> ciphers) {

    /** Runs the TLS handshake over a connected socket, within its read timeout. */
    SSLSocket handshake(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        if (checkHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (ciphers != null) {
            p.setCipherSuites(ciphers.toArray(String[]::new));
        }
        s.setSSLParameters(p);
        try {
            s.startHandshake();
        } catch (SocketTimeoutException e) {
            SSLHandshakeException why = new SSLHandshakeException("no answer to the TLS handshake within the timeout:"
                    + " is memcached started with TLS (memcached -Z)?");
            why.initCause(e);
            throw why;
        }
        return s;
    }
}
