package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.EtcdException;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.internal.tls.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/** One jetcd client, and the one place etcd errors become tooz errors. */
final class EtcdClient implements AutoCloseable {
    private final EtcdSettings settings;
    private final Client client;
    private final KV kv;
    private final Lease leases;
    private final Watch watches;

    EtcdClient(EtcdSettings settings) {
        this.settings = settings;
        ClientBuilder b = Client.builder()
                .endpoints(settings.endpoints().toArray(new java.net.URI[0]))
                .connectTimeout(settings.timeout())
                // fail, rather than wait out the timeout, while no member can be reached: the error then says why
                // (connection refused, TLS handshake failed)
                .waitForReady(false)
                .retryMaxDuration(settings.timeout())
                .keepaliveTime(java.time.Duration.ofSeconds(10))
                .keepaliveTimeout(java.time.Duration.ofSeconds(5))
                .executorService(EtcdInline.EXECUTOR)
                .interceptor(EtcdInline.UNARY_CALLBACKS);
        if (settings.user() != null) {
            b.user(bytes(settings.user()));
            b.password(bytes(settings.password() == null ? "" : settings.password()));
        }
        if (settings.tls()) {
            TlsFiles files = new TlsFiles(settings.scheme().scheme);
            X509TrustManager trust = settings.caCert() == null
                    ? null
                    : TlsFiles.trustManager(files.certificates(Path.of(settings.caCert()), "ca_cert"));
            X509KeyManager keys = settings.clientCert() == null
                    ? null
                    : files.keyManager(
                            Path.of(settings.clientCert()),
                            "cert_cert",
                            Path.of(settings.clientKey()),
                            "cert_key",
                            null,
                            null);
            try {
                b.sslContext(s -> {
                    if (trust != null) {
                        s.trustManager(trust);
                    }
                    if (keys != null) {
                        s.keyManager(keys);
                    }
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw new ToozConfigurationException("cannot use the TLS files of etcd at " + settings.address()
                        + " (ca_cert, cert_cert, cert_key): " + e.getMessage());
            }
        }
        this.client = b.build();
        this.kv = client.getKVClient();
        this.leases = client.getLeaseClient();
        this.watches = client.getWatchClient();
    }

    KV kv() {
        return kv;
    }

    Lease leases() {
        return leases;
    }

    Watch watches() {
        return watches;
    }

    Client raw() {
        return client;
    }

    EtcdSettings settings() {
        return settings;
    }

    /** Waits for a request at most {@code timeout}, translating failures; {@code what} says what it was doing. */
    <T> T call(String what, Supplier<CompletableFuture<T>> request) {
        CompletableFuture<T> f = request.get();
        try {
            return f.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while " + what + " on etcd at " + settings.address(), e);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ToozConnectionException("etcd at " + settings.address() + " did not answer within "
                    + settings.timeout().toMillis() + " ms (option 'timeout') while " + what + ": is a majority of"
                    + " its members up and reachable from here?");
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    /** A backend failure as a tooz exception naming the endpoints and never the password. */
    RuntimeException translate(String what, Throwable t) {
        if (t instanceof ToozException te) {
            return te;
        }
        String code = code(t);
        String detail = safe(t.getMessage());
        if ((code.equals("UNKNOWN") && TRANSPORT.matcher(detail).find())
                || (code.equals("INTERNAL") && detail.contains("http2"))) {
            // gRPC reports some broken connections and server timeouts as UNKNOWN, and HTTP/2 that does not parse
            // (another service on the port) as INTERNAL
            code = "UNAVAILABLE";
        }
        if (detail.contains("request is too large") || (code.equals("RESOURCE_EXHAUSTED") && detail.contains("max"))) {
            return new io.tooz.SerializationException(
                    "etcd at " + settings.address() + " refused the request while "
                            + what + " as too large (" + detail
                            + "): etcd takes requests up to its --max-request-bytes (1.5"
                            + " MiB by default); store less in capabilities, or raise --max-request-bytes on every member",
                    t);
        }
        switch (code) {
            case "UNAVAILABLE", "DEADLINE_EXCEEDED", "CANCELLED", "ABORTED":
                return new ToozConnectionException(
                        "cannot reach etcd at " + settings.address() + " while " + what
                                + ": " + detail + causes(t)
                                + (settings.tls()
                                        ? TLS_HINT
                                        : "; check that etcd runs there and that the URL's hosts and ports are"
                                                + " right"),
                        t);
            case "UNAUTHENTICATED", "PERMISSION_DENIED", "INVALID_ARGUMENT", "FAILED_PRECONDITION":
                String d = detail.toLowerCase(java.util.Locale.ROOT);
                if (code.startsWith("UN")
                        || code.startsWith("PERM")
                        || d.contains("auth")
                        || d.contains("permission")
                        || d.contains("user")) {
                    return new ToozConnectionException(
                            "etcd at " + settings.address() + " refused "
                                    + (settings.user() == null
                                            ? "a client without credentials"
                                            : "user " + settings.user())
                                    + " while " + what + ": " + detail
                                    + "; give USER:PASSWORD@ in the URL of a user with"
                                    + " read-write access to the keys tooz/ and /tooz",
                            t);
                }
                break;
            default:
                break;
        }
        return new ToozException("etcd at " + settings.address() + " failed while " + what + ": " + detail, t);
    }

    /** The gRPC status code of a failure, by name: {@code UNAVAILABLE}, {@code UNAUTHENTICATED}... */
    static String code(Throwable t) {
        return t instanceof EtcdException ee
                ? ee.getErrorCode().name()
                : io.grpc.Status.fromThrowable(t).getCode().name();
    }

    private static final java.util.regex.Pattern TRANSPORT = java.util.regex.Pattern.compile(
            "closed|deadline|timed out|leader|connection|reset|refused|unavailable",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private static final String TLS_HINT = "; over TLS, check that ca_cert names the CA that signed the servers'"
            + " certificates, that they name the host you connect to, and give cert_cert and cert_key if the servers"
            + " check clients";

    /** The messages of the causes, which say what went wrong below gRPC (refused, handshake). */
    private String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t.getCause(); c != null && b.length() < 300; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isEmpty()) {
                b.append(" <- ").append(safe(c.getMessage()));
            }
        }
        return b.toString();
    }

    /** The message's first line (gRPC's may go on with its channel pipeline), without the password. */
    private String safe(String message) {
        String m = message == null ? "" : message.lines().findFirst().orElse("");
        return settings.password() == null || settings.password().isEmpty() ? m : m.replace(settings.password(), "***");
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
