package io.tooz.driver.jdbc;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.DriverOptions;
import java.util.Map;
import java.util.Set;

/** Python tooz's (PyMySQL's) TLS options, as MariaDB Connector/J properties. */
final class MySqlTls {
    private static final java.util.regex.Pattern JAVA_CIPHERS =
            java.util.regex.Pattern.compile("TLS_[A-Z0-9_]+(\\s*,\\s*TLS_[A-Z0-9_]+)*");

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
        if (cipher != null && !JAVA_CIPHERS.matcher(cipher).matches()) {
            throw new ToozConfigurationException("option 'ssl_cipher' of mysql:// has bad value '" + cipher + "';"
                    + " tooz-java takes Java (IANA) cipher suite names, comma-separated, such as"
                    + " TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, not OpenSSL names such as ECDHE-RSA-AES256-GCM-SHA384");
        }
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
        // as in Python's ssl module, a client's "optional" verifies the server just as "required" does
        props.put("sslMode", verify.equals("none") ? "trust" : checkHost ? "verify-full" : "verify-ca");
    }
}
