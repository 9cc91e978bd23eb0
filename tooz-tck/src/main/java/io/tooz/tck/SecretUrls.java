package io.tooz.tck;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/**
 * Backend URLs carrying a password, malformed and well-formed, each with the texts no output may show: any 3
 * characters in a row of the password, and of the user where the URL is malformed (then nothing can tell the user from
 * the password). tooz-tck's UrlSecretsTest runs it through the core, tooz-cli's UrlSecretsCliTest through the CLI and every driver.
 */
public final class SecretUrls {
    public static final String USER = "Us3rQ";

    /** Every scheme of the drivers in this repository. */
    public static final List<String> SCHEMES = List.of(
            "memory",
            "zookeeper",
            "kazoo",
            "redis",
            "rediss",
            "postgresql",
            "mysql",
            "etcd3+http",
            "etcd3+https",
            "etcd3",
            "etcd",
            "memcached",
            "file",
            "ipc");

    /** A URL and its secrets. */
    public record Case(String url, List<String> secrets) {
        @Override
        public String toString() {
            return url;
        }
    }

    private SecretUrls() {}

    /** URLs that must fail to parse, for {@code scheme} and a {@code host:port} to aim at. */
    public static List<Case> malformed(String scheme, String hostPort) {
        List<Case> c = new ArrayList<>();
        String s = scheme;
        String h = hostPort;
        String u = USER;
        c.add(bad(s + "://" + u + ":S3cr3t#Pw@" + h + "/tooz", "S3cr3t#Pw")); // the issue's examples
        c.add(bad(s + "://" + u + ":S3cr3t?Pw@" + h + "/tooz", "S3cr3t?Pw"));
        c.add(bad(s + "://:S3cr3t/Pw@" + h, "S3cr3t/Pw"));
        c.add(bad(s + "://" + u + ":S3cr3t#x9@" + h, "S3cr3t#x9"));
        c.add(bad(s + "//" + u + ":S3cr3tPw@" + h + "/tooz", "S3cr3tPw")); // no "://"
        c.add(bad(s + ":/" + u + ":S3cr3tPw@" + h + "/tooz", "S3cr3tPw"));
        c.add(bad(s + ":" + u + ":S3cr3tPw@" + h + "/tooz", "S3cr3tPw"));
        c.add(bad(s + ":///" + u + ":S3cr3tPw@" + h + "/tooz", "S3cr3tPw")); // host in the path
        c.add(bad(s + "://" + u + ":S3cr3t%zzPw@" + h, "S3cr3t%zzPw")); // bad escapes
        c.add(bad(s + "://" + u + ":S3cr3t%2@" + h, "S3cr3t%2"));
        c.add(bad(s + "://" + u + ":S3cr3t/Pw@[::1]:1", "S3cr3t/Pw")); // IPv6
        c.add(bad(s + "://" + u + ":S3cr3tPw@[::1:1", "S3cr3tPw"));
        c.add(bad(s + "://" + u + ":S3cr3t?Pw@h1.invalid:1,h2.invalid:1", "S3cr3t?Pw")); // several hosts
        c.add(bad(s + "://" + u + ":S3cr3tPw@" + h + ",," + h, "S3cr3tPw"));
        c.add(bad(s + "://" + u + ":6/S3cr3tPw@" + h, "6/S3cr3tPw")); // parsed as host:port before
        c.add(bad(s + "://" + u + ":Qz7.h0X.Wj:6/x@" + h, "Qz7.h0X.Wj:6/x")); // looks like a host
        c.add(bad(s + "://" + u + ":S3cr3tPw", "S3cr3tPw")); // no @HOST
        c.add(bad(s + "://" + u + ":S3cr3t#Pw", "S3cr3t#Pw"));
        c.add(bad(s + "://" + h + "/?password=S3cr3t@Pw", "S3cr3t@Pw")); // in the query
        c.add(bad(s + "://" + h + "/?password=S3cr3t#Pw", "S3cr3t#Pw"));
        return c;
    }

    /** A URL without a scheme. */
    public static Case noScheme(String hostPort) {
        return bad(USER + ":S3cr3tPw@" + hostPort + "/tooz", "S3cr3tPw");
    }

    /** URLs that parse, with {@code path} ({@code /tooz}, or empty) and {@code query} ({@code timeout=1}, or empty). */
    public static List<Case> wellFormed(String scheme, String hostPort, String path, String query) {
        String q = query.isEmpty() ? "" : "?" + query;
        String and = query.isEmpty() ? "?" : q + "&";
        String base = scheme + "://" + USER + ":";
        List<Case> c = new ArrayList<>();
        c.add(good(base + "S3c@r3tPw@" + hostPort + path + q, "S3c@r3tPw")); // '@' before the host: fine
        c.add(good(base + "S3cr3t%21Pw@" + hostPort + path + q, "S3cr3t%21Pw", "S3cr3t!Pw"));
        c.add(good(base + "S3cr3tQ Zw9@" + hostPort + path + q, "S3cr3tQ Zw9"));
        c.add(good(base + "S3cr3tPw@" + hostPort + path + and + "password=K3yP4ss", "S3cr3tPw", "K3yP4ss"));
        c.add(good(scheme + "://" + hostPort + path + and + "sentinel_password=S3cr3t&Pw9x", "S3cr3t", "Pw9x"));
        return c;
    }

    private static Case bad(String url, String password) {
        return new Case(url, List.of(password, USER));
    }

    private static Case good(String url, String... secrets) {
        return new Case(url, List.of(secrets));
    }

    /** Fails if {@code text} shows 3 characters in a row of any of the case's secrets. */
    public static void assertHidden(Case c, String where, String text) {
        for (String secret : c.secrets()) {
            for (int i = 0; i + 3 <= secret.length(); i++) {
                String piece = secret.substring(i, i + 3);
                if (text.contains(piece)) {
                    fail(where + " for " + c.url() + " shows '" + piece + "' of '" + secret + "':\n" + text);
                }
            }
        }
    }
}
