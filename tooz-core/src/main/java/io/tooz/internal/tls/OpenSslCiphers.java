package io.tooz.internal.tls;

import io.tooz.ToozConfigurationException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * Cipher lists as Python tooz's options take them (OpenSSL's {@code set_ciphers}: {@code
 * ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384}) turned into Java's cipher suite names. Only names are
 * read, not OpenSSL's rule language ({@code HIGH}, {@code !aNULL}, {@code @SECLEVEL}): such a word fails naming it.
 * Java (IANA) names ({@code TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}) are taken as they are.
 *
 * <p>OpenSSL's cipher list leaves TLS 1.3's suites alone, so with Python a list of TLS 1.2 names still lets TLS 1.3
 * in; a list in OpenSSL names gets the JVM's TLS 1.3 suites added for the same reason. A list of Java names only is
 * taken as it is, as JSSE would.
 */
public final class OpenSslCiphers {
    /**
     * OpenSSL's name of every TLS 1.2 suite that Java 17's JSSE enables, by Java's (IANA's) name (3DES, which Java
     * disables and OpenSSL 3 no longer builds, is left out).
     */
    static final Map<String, String> JAVA_TO_OPENSSL = Map.ofEntries(
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"),
            Map.entry("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"),
            Map.entry("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384"),
            Map.entry("TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305"),
            Map.entry("TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", "DHE-DSS-AES256-GCM-SHA384"),
            Map.entry("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256"),
            Map.entry("TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", "DHE-DSS-AES128-GCM-SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"),
            Map.entry("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256"),
            Map.entry("TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", "DHE-DSS-AES256-SHA256"),
            Map.entry("TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256"),
            Map.entry("TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", "DHE-DSS-AES128-SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"),
            Map.entry("TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA"),
            Map.entry("TLS_DHE_DSS_WITH_AES_256_CBC_SHA", "DHE-DSS-AES256-SHA"),
            Map.entry("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA"),
            Map.entry("TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA"),
            Map.entry("TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"),
            Map.entry("TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"),
            Map.entry("TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"),
            Map.entry("TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256"),
            Map.entry("TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"),
            Map.entry("TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"));

    private OpenSslCiphers() {}

    /**
     * The Java cipher suites of an option's value: names separated by {@code :}, {@code ,} or spaces, each OpenSSL's
     * or Java's; TLS 1.3's suites added if any name is OpenSSL's.
     *
     * @throws ToozConfigurationException naming the first word that is no cipher name this JVM can use
     */
    public static List<String> suites(String value, String option, String scheme) {
        SSLParameters supported;
        SSLParameters defaults;
        try {
            supported = SSLContext.getDefault().getSupportedSSLParameters();
            defaults = SSLContext.getDefault().getDefaultSSLParameters();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no TLS", e);
        }
        Set<String> usable = new LinkedHashSet<>(Arrays.asList(supported.getCipherSuites()));
        Map<String, String> byOpenSsl = new HashMap<>();
        JAVA_TO_OPENSSL.forEach((suite, openSsl) -> byOpenSsl.put(openSsl, suite));
        Set<String> out = new LinkedHashSet<>();
        boolean openSslNames = false;
        for (String word : value.trim().split("[:,\\s]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String suite = word.startsWith("TLS_") ? word : byOpenSsl.get(word);
            openSslNames |= !word.startsWith("TLS_");
            if (suite == null || !usable.contains(suite)) {
                throw new ToozConfigurationException("option '" + option + "' of " + scheme + ":// names '" + word
                        + "', " + why(word, suite) + "; give cipher names separated by ':', in OpenSSL's naming"
                        + " (ECDHE-RSA-AES256-GCM-SHA384) or Java's (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384). This JVM"
                        + " has: " + String.join(":", openSslNamesOf(usable)));
            }
            out.add(suite);
        }
        if (out.isEmpty()) {
            throw new ToozConfigurationException(
                    "option '" + option + "' of " + scheme + ":// is empty; give cipher names, or leave it out");
        }
        if (openSslNames) {
            for (String s : defaults.getCipherSuites()) {
                if (isTls13(s)) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    private static String why(String word, @Nullable String suite) {
        if (suite != null) {
            return "which this JVM does not support (" + suite + ")";
        }
        if (word.matches("[!+@-].*") || !word.contains("-")) { // every OpenSSL cipher name has a '-'
            return "which is a rule of OpenSSL's cipher list language, not a cipher name; tooz-java reads only names";
        }
        return "which is no cipher name Java's TLS knows";
    }

    /** The usable suites in OpenSSL's naming where it has one, TLS 1.3's in the common naming. */
    private static List<String> openSslNamesOf(Set<String> usable) {
        List<String> out = new ArrayList<>();
        for (String s : new TreeSet<>(usable)) {
            String o = JAVA_TO_OPENSSL.get(s);
            if (o != null) {
                out.add(o);
            } else if (isTls13(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean isTls13(String suite) {
        return suite.startsWith("TLS_") && !suite.contains("_WITH_") && !suite.endsWith("_SCSV");
    }
}
