package io.tooz.driver.etcd;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverOptions;
import java.util.Locale;
import java.util.Set;

/**
 * What each URL scheme means, after the Python tooz driver of that scheme: when it uses TLS, where its plain locks live
 * and which of Python's options mean nothing here. Every scheme is served by etcd's v3 API over gRPC.
 */
enum EtcdScheme {
    /** Python's {@code etcd3gw} driver (JSON gateway): TLS by scheme. */
    GATEWAY_HTTP("etcd3+http", EtcdKeys.LOCKS, "use etcd3+https://"),
    GATEWAY_HTTPS("etcd3+https", EtcdKeys.LOCKS, "use etcd3+https://"),
    /** Python tooz 3.1.0's {@code etcd3} driver (python-etcd3, gRPC): TLS when {@code ca_cert} is given. */
    GRPC("etcd3", EtcdKeys.PYTHON_ETCD3_LOCKS, "give ca_cert, which turns TLS on"),
    /** Python's v2 {@code etcd} driver, served on the {@code etcd3+http} keyspace: TLS with {@code protocol=https}. */
    V2("etcd", EtcdKeys.LOCKS, "add protocol=https");

    final String scheme;
    /** The key of plain lock {@code N} is this followed by {@code N}. */
    final String locks;
    /** What to change in the URL when the server wants TLS. */
    final String tlsHint;

    EtcdScheme(String scheme, String locks, String tlsHint) {
        this.scheme = scheme;
        this.locks = locks;
        this.tlsHint = tlsHint;
    }

    static EtcdScheme of(String scheme) {
        for (EtcdScheme s : values()) {
            if (s.scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new ToozConfigurationException("'" + scheme + "' is not an etcd scheme");
    }

    /**
     * Whether to use TLS, reading the options that decide it as Python does, and marking those Python reads and that
     * mean nothing on gRPC as ignored.
     */
    boolean tls(DriverOptions o) {
        return switch (this) {
            case GATEWAY_HTTP, GATEWAY_HTTPS -> {
                o.ignore("api_version", "executor"); // a JSON gateway path; Python's thread pool
                yield this == GATEWAY_HTTPS;
            }
            case GRPC -> {
                o.ignore("executor");
                yield o.string("ca_cert").isPresent(); // python-etcd3 opens a secure channel iff ca_cert is given
            }
            case V2 -> o.choice("protocol", "http", Set.of("http", "https")).equals("https");
        };
    }

    /** Whether the scheme alone says whether to use TLS. */
    boolean tlsByScheme() {
        return this == GATEWAY_HTTP || this == GATEWAY_HTTPS;
    }

    /** Refuses TLS files that this URL would not use, saying how to turn TLS on. */
    void checkTlsFiles(boolean tls, String ca, String cert, String key) {
        if ((cert == null) != (key == null)) {
            throw new ToozConfigurationException(
                    "options 'cert_cert' and 'cert_key' of " + scheme + ":// go together; give both or neither");
        }
        if (this == GRPC && cert != null && ca == null) {
            throw new ToozConfigurationException("options cert_cert and cert_key of etcd3:// need ca_cert: TLS is on"
                    + " when ca_cert is given, as in python-etcd3 (which silently connects without TLS otherwise)");
        }
        if (!tls && (ca != null || cert != null)) {
            throw new ToozConfigurationException(
                    "options ca_cert, cert_cert and cert_key of " + scheme + ":// need TLS; " + tlsHint);
        }
    }
}
