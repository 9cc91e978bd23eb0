package io.tooz.driver.etcd;

import io.tooz.ToozConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;

/**
 * A TCP connect to every endpoint before the gRPC channel is used: gRPC retries a refused connection with backoff,
 * so without this a stopped etcd took up to {@code timeout} to report; now it fails at once, naming the endpoints.
 */
final class EtcdReachability {
    private static final int PROBE_MS = 500;

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
}
