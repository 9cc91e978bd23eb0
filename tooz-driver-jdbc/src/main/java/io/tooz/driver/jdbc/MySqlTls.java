package io.tooz.driver.jdbc;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverOptions;
import java.util.Map;
import java.util.Set;

/** Python tooz's (PyMySQL's) TLS options, as MariaDB Connector/J properties. */
final class MySqlTls {
    private MySqlTls() {}

    static void configure(DriverOptions o, Map<String, String> props) {
        for (String unsupported : new String[] {"ssl_capath", "ssl_cert", "ssl_key", "unix_socket"}) {
            if (o.string(unsupported).isPresent()) {
                throw new ToozConfigurationException("option '" + unsupported + "' of mysql:// is not supported by"
                        + " tooz-java; use TCP with ssl_ca (a PEM file of the server's CA), ssl_check_hostname,"
                        + " ssl_verify_mode and ssl_cipher");
            }
        }
        String ca = o.string("ssl_ca").orElse(null);
        String verify =
                o.choice("ssl_verify_mode", ca == null ? "none" : "required", Set.of("none", "optional", "required"));
        boolean checkHost = o.bool("ssl_check_hostname", true);
        String cipher = o.string("ssl_cipher").orElse(null);
        boolean tls =
                ca != null || cipher != null || o.string("ssl_verify_mode").isPresent();
        if (!tls) {
            return;
        }
        if (ca != null) {
            props.put("serverSslCert", ca);
        }
        if (cipher != null) {
            props.put("enabledSslCipherSuites", cipher);
        }
        props.put("sslMode", verify.equals("required") ? (checkHost ? "verify-full" : "verify-ca") : "trust");
    }
}
