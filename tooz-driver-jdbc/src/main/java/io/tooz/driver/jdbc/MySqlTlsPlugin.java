package io.tooz.driver.jdbc;

import io.tooz.ToozConfigurationException;
import io.tooz.internal.tls.TlsFiles;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.export.SslMode;
import org.mariadb.jdbc.plugin.tls.main.DefaultTlsSocketPlugin;

/**
 * Connector/J's TLS for tooz's MySQL options (found by Connector/J as a service, hence public; not part of tooz's
 * API): PyMySQL's CA file or directory and PEM client certificate, which Connector/J's own plugin does not take
 * (it wants a key store). Host name checks stay Connector/J's.
 */
public final class MySqlTlsPlugin extends DefaultTlsSocketPlugin {
    static final String TYPE = "tooz-pem";
    private static final TlsFiles FILES = new TlsFiles("mysql");

    /** Instantiated by Connector/J. */
    public MySqlTlsPlugin() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory errors, HostAddress host)
            throws SQLException {
        if (conf.sslMode() == SslMode.TRUST) {
            return new TrustManager[] {new AnyServer()};
        }
        Properties p = conf.nonMappedOptions();
        try {
            List<X509Certificate> cas = new ArrayList<>();
            if (p.getProperty(MySqlTls.CA) != null) {
                cas.addAll(FILES.certificates(Path.of(p.getProperty(MySqlTls.CA)), "ssl_ca"));
            }
            if (p.getProperty(MySqlTls.CA_PATH) != null) {
                cas.addAll(FILES.certificatesIn(Path.of(p.getProperty(MySqlTls.CA_PATH)), "ssl_capath"));
            }
            return new TrustManager[] {TlsFiles.trustManager(cas)};
        } catch (ToozConfigurationException e) {
            throw errors.create(e.getMessage(), "08000", e);
        }
    }

    @Override
    public KeyManager[] getKeyManager(Configuration conf, ExceptionFactory errors) throws SQLException {
        Properties p = conf.nonMappedOptions();
        String cert = p.getProperty(MySqlTls.CERT);
        if (cert == null) {
            return null;
        }
        String key = p.getProperty(MySqlTls.KEY);
        try {
            return new KeyManager[] {
                FILES.keyManager(Path.of(cert), "ssl_cert", key == null ? null : Path.of(key), "ssl_key", null, null)
            };
        } catch (ToozConfigurationException e) {
            throw errors.create(e.getMessage(), "08000", e);
        }
    }

    /** PyMySQL's {@code ssl_verify_mode=none}: the session is encrypted, the server not verified. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
