package io.tooz.spi;

import io.tooz.ToozConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed backend URL: {@code scheme://[user[:password]@][host[:port][,host[:port]...]][/path][?name=value&...]}.
 *
 * <p>{@link #toString()} never shows the password. Percent-escapes are decoded in the user, password, path and query.
 */
public final class ConnectionUrl {
    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");

    private final String scheme;
    private final String user;
    private final String password;
    private final List<HostPort> hosts;
    private final String path;
    private final Map<String, List<String>> query;

    private ConnectionUrl(
            String scheme,
            String user,
            String password,
            List<HostPort> hosts,
            String path,
            Map<String, List<String>> query) {
        this.scheme = scheme;
        this.user = user;
        this.password = password;
        this.hosts = hosts;
        this.path = path;
        this.query = query;
    }

    /** A host and an optional port. */
    public record HostPort(String host, int port) {
        /** Port 0 means none was given. */
        public int portOr(int defaultPort) {
            return port == 0 ? defaultPort : port;
        }

        @Override
        public String toString() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return port == 0 ? h : h + ":" + port;
        }
    }

    /**
     * Parses a URL.
     *
     * @throws ToozConfigurationException naming the (redacted) URL and what is wrong with it
     */
    public static ConnectionUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ToozConfigurationException("backend URL is empty; expected SCHEME://..., e.g. memory://test");
        }
        int sep = url.indexOf("://");
        if (sep <= 0 || !SCHEME.matcher(url.substring(0, sep)).matches()) {
            throw new ToozConfigurationException("backend URL '" + redact(url) + "' has no valid scheme; expected "
                    + "SCHEME://..., e.g. memory://test or zookeeper://127.0.0.1:2181");
        }
        String scheme = url.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
        String rest = url.substring(sep + 3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String queryPart = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            queryPart = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? decode(rest.substring(slash), url) : "";
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, url);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1), url) : null;
        }
        List<HostPort> hosts = new ArrayList<>();
        if (!authority.isEmpty()) {
            for (String hp : authority.split(",")) {
                hosts.add(parseHost(hp, url));
            }
        }
        return new ConnectionUrl(scheme, user, password, List.copyOf(hosts), path, parseQuery(queryPart, url));
    }

    private static HostPort parseHost(String hp, String url) {
        String host = hp;
        String port = null;
        if (hp.startsWith("[")) {
            int end = hp.indexOf(']');
            if (end < 0) {
                throw new ToozConfigurationException("backend URL '" + redact(url) + "' has an unclosed IPv6 '['");
            }
            host = hp.substring(1, end);
            if (hp.length() > end + 1) {
                if (hp.charAt(end + 1) != ':') {
                    throw new ToozConfigurationException("backend URL '" + redact(url) + "': bad host '" + hp + "'");
                }
                port = hp.substring(end + 2);
            }
        } else if (hp.indexOf(':') >= 0) {
            host = hp.substring(0, hp.indexOf(':'));
            port = hp.substring(hp.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new ToozConfigurationException("backend URL '" + redact(url) + "' has an empty host in '" + hp + "'");
        }
        int p = 0;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new ToozConfigurationException("backend URL '" + redact(url) + "' has a bad port '" + port
                        + "'; a port is a number from 1 to 65535");
            }
        }
        return new HostPort(host, p);
    }

    private static Map<String, List<String>> parseQuery(String query, String url) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return Map.of();
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq >= 0 ? pair.substring(0, eq) : pair, url);
            String value = eq >= 0 ? decode(pair.substring(eq + 1), url) : "";
            if (!value.isEmpty()) { // as Python's parse_qs: blank values are dropped
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        out.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(frozen);
    }

    private static String decode(String s, String url) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ToozConfigurationException("backend URL '" + redact(url) + "' has a bad %-escape");
        }
    }

    /** The URL with any password replaced by {@code ***}; safe to log. */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        String s = url.replaceAll("(://[^/@:?#]*:)[^/@?#]*@", "$1***@");
        return s.replaceAll("(?i)((?:password|passwd|pass|secret|token)[^=&]*=)[^&#]*", "$1***");
    }

    /** Lower-case scheme. */
    public String scheme() {
        return scheme;
    }

    /** The user, if given. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password, if given. Never log it. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The hosts, in order; empty if the URL has none. */
    public List<HostPort> hosts() {
        return hosts;
    }

    /** The path including its leading {@code /}, or empty. */
    public String path() {
        return path;
    }

    /** Query parameters, each with all its values in order. */
    public Map<String, List<String>> query() {
        return query;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme).append("://");
        if (user != null) {
            sb.append(user).append(password != null ? ":***" : "").append('@');
        }
        sb.append(String.join(",", hosts.stream().map(HostPort::toString).toList()));
        sb.append(path);
        return sb.toString();
    }
}
