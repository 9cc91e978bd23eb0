package io.tooz.driver.memcached;

import io.tooz.ToozConnectionException;
import io.tooz.spi.ServiceProbe;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * A memcached connection's first exchange, {@code version}: a server that is down, one that refuses clients, and a
 * port of another service each fail with a connection error that says which (for the last, what it answered).
 */
final class MemcachedGreeting {
    private static final Duration PROBE_MAX = Duration.ofSeconds(2);
    private static final byte[] VERSION = "version\r\n".getBytes(StandardCharsets.US_ASCII);

    private MemcachedGreeting() {}

    /**
     * Opens one connection now and asks the server its version, so that a server that is down, or a port of another
     * service, fails at start with a connection error saying so.
     */
    static MemcachedConnection open(String host, int port, Duration timeout, MemcachedTls tls) {
        String where = host + ":" + port;
        MemcachedConnection c;
        try {
            c = MemcachedConnection.open(host, port, timeout, tls);
        } catch (SSLException e) {
            throw tlsFailed(where, e);
        } catch (IOException e) {
            String why = e instanceof SocketTimeoutException
                    ? "no connection within " + timeout.toMillis() + " ms (option 'timeout')"
                    : e.getMessage();
            throw new ToozConnectionException(
                    "cannot connect to memcached at " + where + ": " + why
                            + "; check that memcached runs there and that the URL's host and port are right",
                    e);
        }
        try {
            c.send("version", null);
            String reply = c.readLine();
            if (reply.startsWith("VERSION ")) {
                c.knownVersion(MemcachedVersion.parse(reply.substring("VERSION ".length())));
                return c;
            }
            c.close();
            if (reply.startsWith("SERVER_ERROR ") || reply.startsWith("ERROR ")) { // e.g. too many connections
                throw new ToozConnectionException("memcached at " + where + " refused the connection: "
                        + ServiceProbe.brief(reply.getBytes(StandardCharsets.UTF_8)));
            }
            throw notMemcached(host, port, timeout, tls, null);
        } catch (SocketTimeoutException e) {
            c.close();
            throw new ToozConnectionException(
                    "the server at " + where + " did not answer memcached's 'version' within " + timeout.toMillis()
                            + " ms (option 'timeout'): is it memcached, and is it responsive? Check the URL's host and"
                            + " port",
                    e);
        } catch (SSLException e) { // TLS 1.3: a server refuses the client's certificate after the handshake
            c.close();
            throw tlsFailed(where, e);
        } catch (IOException e) {
            c.close();
            if (tls != null) { // the same refusal, when the server's close overtakes its alert
                throw new ToozConnectionException(
                        "memcached at " + where + " ended the TLS connection before"
                                + " answering (" + e.getMessage()
                                + "): a memcached that requires client certificates (-o"
                                + " ssl_verify_mode=2) refuses a missing or unknown one then; check the options ssl_cert and"
                                + " ssl_key, and the server's ssl_ca_cert",
                        e);
            }
            throw notMemcached(host, port, timeout, tls, e);
        }
    }

    private static ToozConnectionException tlsFailed(String where, SSLException e) {
        return new ToozConnectionException(
                "TLS with memcached at " + where + " failed: " + e.getMessage()
                        + "; check the options use_ssl, ca_cert, ssl_cert, ssl_key, ssl_check_hostname and ssl_ciphers, and"
                        + " that memcached runs with TLS there (memcached -Z)",
                e);
    }

    /** The server answered 'version' oddly: what it says to it on a connection of its own tells what it is. */
    private static ToozConnectionException notMemcached(
            String host, int port, Duration timeout, MemcachedTls tls, IOException cause) {
        String where = host + ":" + port;
        ServiceProbe.Reply r =
                ServiceProbe.ask(host, port, VERSION, PROBE_MAX.compareTo(timeout) < 0 ? PROBE_MAX : timeout);
        return new ToozConnectionException(
                "the server at " + where + " is not memcached" + (r.answered() ? "" : ", or not a working one")
                        + ": to 'version' it " + r.describe() + "; check the URL's host and port"
                        + (tls == null && !r.answered()
                                ? " (a memcached with TLS on, memcached -Z, closes plain connections: then set"
                                        + " use_ssl=true)"
                                : ""),
                cause);
    }
}
