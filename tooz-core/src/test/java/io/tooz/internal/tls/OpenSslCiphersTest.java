package io.tooz.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.ToozConfigurationException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class OpenSslCiphersTest {
    private static final String[] TLS13 = {
        "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"
    };

    @Test
    void theTableAgreesWithOpenSslAndCoversEveryTls12SuiteTheJvmEnables() throws Exception {
        Map<String, String> openSsl = new HashMap<>(); // IANA name -> OpenSSL name, as openssl says
        for (String line : OpenSsl.run(Path.of("."), "ciphers", "-stdname", "ALL:COMPLEMENTOFALL:@SECLEVEL=0")
                .split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("-")) {
                openSsl.put(f[0], f[2]);
            }
        }
        assertThat(openSsl).as("openssl ciphers -stdname").isNotEmpty();
        OpenSslCiphers.JAVA_TO_OPENSSL.forEach(
                (java, name) -> assertThat(openSsl.get(java)).as(java).isEqualTo(name));
        String[] enabled = SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();
        assertThat(Arrays.stream(enabled).filter(s -> s.contains("_WITH_")))
                .allSatisfy(s -> assertThat(OpenSslCiphers.JAVA_TO_OPENSSL).containsKey(s));
    }

    @Test
    void openSslNamesBecomeJavaSuitesAndLetTls13InAsOpenSslDoes() {
        assertThat(OpenSslCiphers.suites(
                        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256", "ssl_ciphers", "x"))
                .startsWith("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                .contains(TLS13)
                .hasSize(5);
        assertThat(OpenSslCiphers.suites("AES256-SHA, DHE-RSA-AES128-SHA256", "ssl_cipher", "x"))
                .startsWith("TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256");
    }

    @Test
    void javaNamesAreTakenAsTheyAre() {
        assertThat(OpenSslCiphers.suites("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ssl_cipher", "mysql"))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(OpenSslCiphers.suites("TLS_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "o", "x"))
                .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void aWordThatIsNoUsableCipherNameFailsNamingIt() {
        assertThatThrownBy(() -> OpenSslCiphers.suites("HIGH:!aNULL", "ssl_cipher", "mysql"))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_cipher' of mysql:// names 'HIGH'")
                .hasMessageContaining("rule of OpenSSL's cipher list language")
                .hasMessageContaining("ECDHE-RSA-AES256-GCM-SHA384");
        assertThatThrownBy(() -> OpenSslCiphers.suites("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES257-GCM", "c", "s"))
                .hasMessageContaining("'ECDHE-RSA-AES257-GCM'")
                .hasMessageContaining("no cipher name");
        assertThatThrownBy(() -> OpenSslCiphers.suites("TLS_RSA_WITH_RC4_128_SHA", "c", "s"))
                .hasMessageContaining("'TLS_RSA_WITH_RC4_128_SHA'");
        assertThatThrownBy(() -> OpenSslCiphers.suites(" : ", "ssl_ciphers", "memcached"))
                .hasMessageContaining("is empty");
    }
}
