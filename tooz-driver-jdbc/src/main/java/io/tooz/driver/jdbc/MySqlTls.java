package io.tooz.driver.jdbc;

import io.tooz.ToozConfigurationException;
import io.tooz.internal.tls.OpenSslCiphers;
import io.tooz.internal.tls.TlsFiles;
import io.tooz.spi.DriverOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Python tooz's (PyMySQL's) TLS options as MariaDB Connector/J properties. TLS is on when any of them is given, as
 * PyMySQL's {@code ssl} dict is then non-empty; the PEM files are checked here, at build time, and read again by
 * {@link MySqlTlsPlugin} for each connection (so renewed certificates apply to new connections).
 */
final class MySqlTls {
    static final String CA = "toozSslCa";
    static final String CA_PATH = "toozSslCapath";
    static final String CERT = "toozSslCert";
    static final String KEY = "toozSslKey";
    private static final TlsFiles FILES = new TlsFiles("mysql");

    private MySqlTls() {}

    static void configure(DriverOptions o, Map<String, String> props) {
        Optional<String> ca = nonEmpty(o, "ssl_ca");
        Optional<String> caPath = nonEmpty(o, "ssl_capath");
        Optional<String> cert = nonEmpty(o, "ssl_cert");
        Optional<String> key = nonEmpty(o, "ssl_key");
        Optional<String> cipher = nonEmpty(o, "ssl_cipher");
        Optional<String> verifyMode = nonEmpty(o, "ssl_verify_mode");
        boolean checkHostnameGiven = o.string("ssl_check_hostname").isPresent();
        boolean checkHostname = o.bool("ssl_check_hostname", true);
        if (ca.isEmpty()
                && caPath.isEmpty()
                && cert.isEmpty()
                && key.isEmpty()
                && cipher.isEmpty()
                && verifyMode.isEmpty()
                && !checkHostnameGiven) {
            return;
        }
        boolean hasCa = ca.isPresent() || caPath.isPresent();
        ca.ifPresent(f -> FILES.certificates(Path.of(f), "ssl_ca"));
        caPath.ifPresent(d -> FILES.certificatesIn(Path.of(d), "ssl_capath"));
        if (key.isPresent() && cert.isEmpty()) {
            throw new ToozConfigurationException("option 'ssl_key' of mysql:// is given without 'ssl_cert': give the"
                    + " client certificate too (PyMySQL ignores a key alone)");
        }
        cert.ifPresent(
                c -> FILES.keyManager(Path.of(c), "ssl_cert", key.map(Path::of).orElse(null), "ssl_key", null, null));
        boolean verify = verifyMode.map(MySqlTls::verifies).orElse(hasCa);
        // PyMySQL checks the name only against a CA of the URL's, and a client's "optional" verifies as "required"
        props.put("sslMode", !verify ? "trust" : hasCa && checkHostname ? "verify-full" : "verify-ca");
        props.put("tlsSocketType", MySqlTlsPlugin.TYPE);
        ca.ifPresent(v -> props.put(CA, v));
        caPath.ifPresent(v -> props.put(CA_PATH, v));
        cert.ifPresent(v -> props.put(CERT, v));
        key.ifPresent(v -> props.put(KEY, v));
        cipher.ifPresent(c ->
                props.put("enabledSslCipherSuites", String.join(",", OpenSslCiphers.suites(c, "ssl_cipher", "mysql"))));
    }

    /** Python tooz passes only non-empty values on ({@code if value:}). */
    private static Optional<String> nonEmpty(DriverOptions o, String name) {
        return o.string(name).filter(v -> !v.isEmpty());
    }

    /** PyMySQL's reading of {@code ssl_verify_mode}: whether the server's certificate is verified. */
    private static boolean verifies(String mode) {
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "none", "0", "false", "no":
                return false;
            case "optional", "required", "1", "true", "yes":
                return true;
            default:
                throw new ToozConfigurationException("option 'ssl_verify_mode' of mysql:// has bad value '" + mode
                        + "'; expected none, optional or required (or PyMySQL's 0/1, false/true, no/yes)");
        }
    }
}
