package io.tooz.driver.etcd;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.spi.ServiceProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP connect to every endpoint before the gRPC channel is used: gRPC retries a refused connection with backoff,
 * so without this a stopped etcd took up to {@code timeout} to report; now it fails at once, naming the endpoints.
 * And after a failed start, an HTTP/2 greeting to each endpoint, to tell a port of another service (gRPC says only
 * "http2 exception" or "Network closed") from an etcd in trouble.
 */
final class EtcdReachability {
    private static final int PROBE_MS = 500;
    private static final Duration GREETING_MAX = Duration.ofSeconds(2);
    /** The HTTP/2 client preface and an empty SETTINGS frame: any gRPC server, etcd's included, answers SETTINGS. */
    private static final byte[] H2_GREETING = h2Greeting();

    private EtcdReachability() {}

    /** Throws if every endpoint refuses connections; returns if any accepts (or cannot be told within 500 ms). */
    static void requireOneListening(EtcdSettings settings) {
        List<URI> endpoints = settings.endpoints();
        for (URI u : endpoints) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()), PROBE_MS);
                return;
            } catch (ConnectException refused) {
                // try the next one
            } catch (IOException unknown) {
                return; // a timeout or an unresolvable name: let the client report it within its timeout
            }
        }
        throw new ToozConnectionException("cannot reach etcd at " + settings.address()
                + ": connection refused by every endpoint; is etcd running and listening there?");
    }

    /**
     * Why {@code start()} failed, told better where another service listens: unless the failure was etcd refusing the
     * credentials or our own timeout (the probe would only add to it), greets each endpoint with HTTP/2; if none
     * answers as a gRPC server would and at least one answered otherwise, the endpoints are not etcd.
     */
    static RuntimeException explainStart(EtcdSettings settings, RuntimeException e) {
        if (!(e instanceof ToozException) || e.getCause() == null || credentialsRefused(e.getCause())) {
            return e;
        }
        boolean tls = settings.tls();
        List<String> others = new ArrayList<>();
        Duration budget = settings.timeout().compareTo(GREETING_MAX) < 0 ? settings.timeout() : GREETING_MAX;
        for (URI u : settings.endpoints()) {
            ServiceProbe.Reply r = ServiceProbe.ask(u.getHost(), u.getPort(), H2_GREETING, budget);
            String where = u.getHost() + ":" + u.getPort();
            String looksLike = r.answered() ? ServiceProbe.service(r.bytes()).orElse("") : "";
            if (r.outcome() == ServiceProbe.Reply.Outcome.UNREACHABLE) {
                continue;
            }
            if (looksLike.equals("an HTTP/2 server")
                    || (tls && (!r.answered() || looksLike.equals("a TLS server") || looksLike.contains("HTTPS")))) {
                return e; // speaks HTTP/2 or TLS as etcd would: the gRPC failure says more
            }
            if (r.outcome() == ServiceProbe.Reply.Outcome.SILENT) {
                return e;
            }
            boolean wantsTls = !tls && (looksLike.equals("a TLS server") || looksLike.contains("HTTPS"));
            String verdict = wantsTls
                    ? " wants TLS (" + settings.scheme().tlsHint + ")"
                    : r.answered() || tls
                            ? " is not etcd"
                            : " is not etcd, or it wants TLS (" + settings.scheme().tlsHint + ")";
            others.add("the server at " + where + verdict + ": to an HTTP/2 greeting, which every etcd answers, it "
                    + r.describe());
        }
        if (others.isEmpty()) {
            return e;
        }
        return new ToozConnectionException(String.join("; ", others) + "; check the URL's hosts and ports", e);
    }

    private static boolean credentialsRefused(Throwable t) {
        return switch (EtcdClient.code(t)) {
            case "UNAUTHENTICATED", "PERMISSION_DENIED", "INVALID_ARGUMENT", "FAILED_PRECONDITION" -> true;
            default -> false;
        };
    }

    private static byte[] h2Greeting() {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[preface.length + 9];
        System.arraycopy(preface, 0, out, 0, preface.length);
        out[preface.length + 3] = 4; // a SETTINGS frame with no settings: length 0, type 4, no flags, stream 0
        return out;
    }
}
