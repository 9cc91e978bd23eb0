package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverOptions;

/** TLS options as Python tooz (redis-py) names them. */
record RedisTls(boolean enabled, boolean checkHostname, String caFile, String certFile, String keyFile) {
    static RedisTls from(boolean rediss, DriverOptions o) {
        RedisTls tls = new RedisTls(
                o.bool("ssl", rediss),
                o.bool("ssl_check_hostname", true),
                o.string("ssl_ca_certs", null),
                o.string("ssl_certfile", null),
                o.string("ssl_keyfile", null));
        if (!tls.enabled() && (tls.caFile() != null || tls.certFile() != null || tls.keyFile() != null)) {
            throw new ToozConfigurationException("options ssl_ca_certs, ssl_certfile and ssl_keyfile of redis:// need"
                    + " TLS: add ssl=true or use rediss://");
        }
        if ((tls.certFile() == null) != (tls.keyFile() == null)) {
            throw new ToozConfigurationException(
                    "options 'ssl_certfile' and 'ssl_keyfile' of redis:// go together; give both or neither");
        }
        return tls;
    }
}
