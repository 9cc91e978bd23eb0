package io.tooz.driver.zookeeper;

import io.tooz.spi.DriverOptions;
import org.apache.zookeeper.client.ZKClientConfig;

/** TLS options as Python tooz names them, mapped onto ZooKeeper's client configuration. */
record ZkTls(boolean enabled, boolean verify, String ca, String certfile, String keyfile, String keyPassword) {
    static ZkTls from(DriverOptions o) {
        return new ZkTls(
                o.bool("use_ssl", false),
                o.bool("verify_certs", true),
                o.string("ca", null),
                o.string("certfile", null),
                o.string("keyfile", null),
                o.string("keyfile_password", null));
    }

    ZKClientConfig clientConfig() {
        ZKClientConfig c = new ZKClientConfig();
        if (!enabled) {
            return c;
        }
        c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        if (ca != null) {
            c.setProperty("zookeeper.ssl.trustStore.location", ca);
            c.setProperty("zookeeper.ssl.trustStore.type", "PEM");
        }
        if (certfile != null && keyfile != null) {
            // ZooKeeper reads a PEM key store holding the key and the certificate chain; pass the key file and let
            // the certificate follow it (the usual layout); certfile is kept for parity with Python tooz
            c.setProperty("zookeeper.ssl.keyStore.location", keyfile);
            c.setProperty("zookeeper.ssl.keyStore.type", "PEM");
            if (keyPassword != null) {
                c.setProperty("zookeeper.ssl.keyStore.password", keyPassword);
            }
        }
        c.setProperty("zookeeper.ssl.hostnameVerification", Boolean.toString(verify));
        return c;
    }
}
