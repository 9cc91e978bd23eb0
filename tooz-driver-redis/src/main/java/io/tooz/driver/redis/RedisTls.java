package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverOptions;

/**
 * TLS options as Python tooz (redis-py) names them. As in redis-py, {@code ssl_certfile} alone may hold both the
 * client's key and its certificate; {@code ssl_keyfile} alone is refused. The same files serve the sentinels when
 * {@code sentinel_ssl} asks for TLS to them, as Python tooz master passes them.
 *
 * @param enabled TLS to the server ({@code ssl}, or {@code rediss://})
 */
record RedisTls(boolean enabled, boolean checkHostname, String caFile, String certFile, String keyFile) {
    static RedisTls from(boolean rediss, boolean sentinelTls, DriverOptions o) {
        RedisTls tls = new RedisTls(
                o.bool("ssl", rediss),
                o.bool("ssl_check_hostname", true),
                o.string("ssl_ca_certs", null),
                o.string("ssl_certfile", null),
                o.string("ssl_keyfile", null));
        boolean files = tls.caFile() != null || tls.certFile() != null || tls.keyFile() != null;
        if (!tls.enabled() && !sentinelTls && files) {
            throw new ToozConfigurationException("options ssl_ca_certs, ssl_certfile and ssl_keyfile of redis:// need"
                    + " TLS: add ssl=true or use rediss:// (or sentinel_ssl=true for the sentinels)");
        }
        if (tls.keyFile() != null && tls.certFile() == null) {
            throw new ToozConfigurationException("option 'ssl_keyfile' of redis:// needs 'ssl_certfile', the client"
                    + " certificate (or give only ssl_certfile, with the key and the certificate in that one file)");
        }
        return tls;
    }
}
