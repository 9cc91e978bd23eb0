package io.tooz.driver.zookeeper;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverOptions;

/**
 * TLS options as Python tooz names them (kazoo's client arguments). As in kazoo, a client certificate takes both
 * {@code certfile} and {@code keyfile} (they may name the same file); {@code verify_certs=false} trusts whatever
 * certificate a server presents, for any host name.
 */
record ZkTls(boolean enabled, boolean verify, String ca, String certfile, String keyfile, String keyPassword) {
    static ZkTls from(DriverOptions o) {
        ZkTls tls = new ZkTls(
                o.bool("use_ssl", false),
                o.bool("verify_certs", true),
                o.string("ca", null),
                o.string("certfile", null),
                o.string("keyfile", null),
                o.string("keyfile_password", null));
        if (tls.enabled() && (tls.certfile() == null) != (tls.keyfile() == null)) {
            throw new ToozConfigurationException("options 'certfile' and 'keyfile' of zookeeper:// go together (kazoo"
                    + " sends a client certificate only with both): give both, or the same file holding the key and"
                    + " the certificate as both");
        }
        return tls;
    }

    /** The options, the key's password hidden. */
    @Override
    public String toString() {
        return "ZkTls[use_ssl=" + enabled + ", verify_certs=" + verify + ", ca=" + ca + ", certfile=" + certfile
                + ", keyfile=" + keyfile + (keyPassword == null ? "" : ", keyfile_password=***") + "]";
    }

    /** Whether a client certificate is sent. */
    boolean clientCertificate() {
        return certfile != null && keyfile != null;
    }
}
