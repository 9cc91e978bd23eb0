package io.tooz.driver.redis;

import io.tooz.spi.DriverOptions;

/** TLS options as Python tooz (redis-py) names them. */
record RedisTls(boolean enabled, String caFile, String certFile, String keyFile) {
    static RedisTls from(boolean rediss, DriverOptions o) {
        return new RedisTls(
                o.bool("ssl", rediss),
                o.string("ssl_ca_certs", null),
                o.string("ssl_certfile", null),
                o.string("ssl_keyfile", null));
    }
}
