package io.tooz.driver.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the URL asked for. Lease TTLs are whole seconds, as etcd grants them.
 *
 * @param scheme the URL's scheme, which decides where plain locks live
 * @param endpoints the members to talk to, {@code http://HOST:PORT} or {@code https://HOST:PORT}
 * @param caCert PEM file of the CA that signed the servers' certificates, or {@code null} for the JDK's trust store
 * @param clientCert PEM certificate for client authentication, or {@code null}
 * @param clientKey its PEM key (PKCS#8, PKCS#1 or SEC1, unencrypted), or {@code null}
 */
record EtcdSettings(
        EtcdScheme scheme,
        List<URI> endpoints,
        String user,
        String password,
        Duration timeout,
        long membershipTtlSeconds,
        long lockTtlSeconds,
        String caCert,
        String clientCert,
        String clientKey) {

    boolean tls() {
        return endpoints.get(0).getScheme().equals("https");
    }

    /** The endpoints for messages: {@code 127.0.0.1:2379,127.0.0.1:22379}. */
    String address() {
        return endpoints.stream().map(u -> u.getHost() + ":" + u.getPort()).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "EtcdSettings[" + address() + (user == null ? "" : ", user " + user) + "]";
    }
}
