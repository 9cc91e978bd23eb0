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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A parsed backend URL: {@code scheme://[user[:password]@][host[:port][,host[:port]...]][/path][?name=value&...]}.
 *
 * <p>Percent-escapes are decoded in the user, password, path and query. A query option given several times keeps
 * every value, in order; {@link DriverOptions} reads the last one (Python tooz's rule: last wins).
 *
 * <p><b>Secrets.</b> No text this class makes shows any part of a URL's user information, user included, whether
 * the URL parses or not: in a URL that does not parse nothing tells where the user ends, and the two are often
 * mistyped into each other.
 *
 * <ul>
 *   <li>{@link #toString()} hides the user information: {@code redis://***@h:6379/0}; it shows no query options.
 *   <li>{@link #redact(String)} of a text that {@linkplain #parse parses} hides it the same way. Of any
 *       other text (no {@code ://}, an {@code @} after the host, a bad port...) everything from the scheme (or the
 *       start) to the <em>last</em> {@code @} becomes {@code ***}: {@code postgresql://***@127.0.0.1/tooz}; with no
 *       {@code @}, all after the scheme becomes {@code ***} unless what comes before the first {@code /}, {@code ?}
 *       or {@code #} is a list of {@code HOST[:PORT]} (if not, it is a {@code USER:PASSWORD} that lost its
 *       {@code @HOST}). In both, the values of {@linkplain #isSecretOption secret options} become {@code ***}, with
 *       any {@code &} segment after one that has no {@code =} (a password's unencoded {@code &}).
 *   <li>{@link #parse(String)} refuses an {@code @} or a {@code #} after the host: tooz URLs have no fragment, and
 *       both are what a password with an unencoded {@code #}, {@code /}, {@code ?} or {@code @} looks like (an
 *       {@code @} in a path or option value is written {@code %40}). Its messages quote nothing of the URL but its
 *       scheme: they say what is wrong, where (host 2, the path, option {@code timeout}) and how to fix it
 *       (percent-encode {@code #} as {@code %23}, {@code /} as {@code %2F}, {@code ?} as {@code %3F}, {@code @} as
 *       {@code %40}, {@code %} as {@code %25}).
 * </ul>
 */
public final class ConnectionUrl {
    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");
    /** A scheme with {@code ://}, or a near miss of one ({@code postgresql:/}, {@code postgresql//}). */
    private static final Pattern SCHEME_PREFIX = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*(?::/+|//+)");
    /** Query option names whose values are secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|pwd|secret|token|credential|auth).*");

    private static final String ENCODE_HINT =
            "percent-encode these characters in a user, password, path or option value:"
                    + " '#' as %23, '/' as %2F, '?' as %3F, '@' as %40, '%' as %25";

    private final String scheme;
    private final @Nullable String user;
    private final @Nullable String password;
    private final List<HostPort> hosts;
    private final String path;
    private final Map<String, List<String>> query;

    private ConnectionUrl(
            String scheme,
            @Nullable String user,
            @Nullable String password,
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
     * Parses a URL. The user information ends at the last {@code @} before the first {@code /}, {@code ?} or
     * {@code #}; an {@code @} or {@code #} after that is refused (see the class comment).
     *
     * @throws ToozConfigurationException saying what is wrong and how to fix it, quoting nothing that could be part
     *     of a user or password
     */
    public static ConnectionUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ToozConfigurationException("backend URL is empty; expected SCHEME://..., e.g. memory://test");
        }
        int sep = url.indexOf("://");
        if (sep <= 0 || !SCHEME.matcher(url.substring(0, sep)).matches()) {
            throw new ToozConfigurationException(noScheme(url));
        }
        String scheme = url.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
        String what = "the " + scheme + ":// URL";
        String rest = url.substring(sep + 3);
        int end = authorityEnd(rest);
        if (rest.indexOf('@', end) >= 0) {
            throw new ToozConfigurationException(what + " has an '@' after its host, so where its user and password"
                    + " end is unclear (an unencoded '#', '/', '?' or '@' in a password does this); " + ENCODE_HINT);
        }
        if (rest.indexOf('#') >= 0) {
            throw new ToozConfigurationException(what + " has a '#'; tooz URLs have no fragment, so it is an unencoded"
                    + " character of a password, path or option value; " + ENCODE_HINT);
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        int q = tail.indexOf('?');
        String queryPart = q >= 0 ? tail.substring(q + 1) : "";
        String path = decode(q >= 0 ? tail.substring(0, q) : tail, what + "'s path");
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String part = what + "'s user or password";
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, part);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1), part) : null;
        }
        List<HostPort> hosts = new ArrayList<>();
        if (!authority.isEmpty()) {
            String[] all = authority.split(",", -1);
            for (int i = 0; i < all.length; i++) {
                hosts.add(parseHost(all[i], what, all.length == 1 ? "its host" : "host " + (i + 1)));
            }
        }
        return new ConnectionUrl(scheme, user, password, List.copyOf(hosts), path, parseQuery(queryPart, what));
    }

    /** Where the authority ends: the first {@code /}, {@code ?} or {@code #}, else the end. */
    private static int authorityEnd(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return rest.length();
    }

    private static String noScheme(String url) {
        StringBuilder m = new StringBuilder("backend URL does not start with SCHEME://");
        Matcher near = SCHEME_PREFIX.matcher(url);
        if (near.lookingAt()) {
            String word = url.substring(0, near.end()).replaceAll("[:/]+$", "");
            if (SCHEME.matcher(word).matches()) {
                m.append(" (it starts with '")
                        .append(url, 0, near.end())
                        .append("'; write '")
                        .append(word)
                        .append("://')");
            }
        }
        return m.append("; e.g. memory://test, zookeeper://127.0.0.1:2181 or postgresql://USER:PASSWORD@HOST/DB")
                .toString();
    }

    private static HostPort parseHost(String hp, String what, String which) {
        String fix = "; write HOST[:PORT][,HOST[:PORT]...] after '://', or after USER:PASSWORD@ (" + ENCODE_HINT + ")";
        String host = hp;
        String port = null;
        if (hp.startsWith("[")) {
            int end = hp.indexOf(']');
            if (end < 0) {
                throw new ToozConfigurationException(
                        what + " has an IPv6 address without its closing ']' (" + which + ")" + fix);
            }
            host = hp.substring(1, end);
            if (hp.length() > end + 1) {
                if (hp.charAt(end + 1) != ':') {
                    throw new ToozConfigurationException(
                            what + " has something other than :PORT after an IPv6 address's ']' (" + which + ")" + fix);
                }
                port = hp.substring(end + 2);
            }
        } else if (hp.indexOf(':') >= 0) {
            host = hp.substring(0, hp.indexOf(':'));
            port = hp.substring(hp.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new ToozConfigurationException(what + " has an empty host (" + which + ")" + fix);
        }
        int p = 0;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new ToozConfigurationException(
                        what + " has a port that is not a number from 1 to 65535 (" + which + ")" + fix);
            }
        }
        return new HostPort(host, p);
    }

    private static Map<String, List<String>> parseQuery(String query, String what) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return Map.of();
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq >= 0 ? pair.substring(0, eq) : pair, what + "'s query (an option name)");
            String value = eq >= 0 ? decode(pair.substring(eq + 1), what + "'s option '" + name + "'") : "";
            if (!value.isEmpty()) { // as Python's parse_qs: blank values are dropped; the last value wins later
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        out.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(frozen);
    }

    private static String decode(String s, String where) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ToozConfigurationException(
                    where + " has a '%' not followed by two hex digits; write a '%' as %25 (" + ENCODE_HINT + ")");
        }
    }

    /**
     * The text with its user information and secret option values hidden; safe to log. See the class comment for
     * the rules: {@code redis://***@h/0} when well-formed, {@code ***} from the scheme (or the start) to the last
     * {@code @} when not.
     */
    public static String redact(@Nullable String url) {
        if (url == null) {
            return "null";
        }
        Matcher m = SCHEME_PREFIX.matcher(url);
        int start = m.lookingAt() ? m.end() : 0;
        String prefix = url.substring(0, start);
        String body = url.substring(start);
        if (parses(url)) {
            int at = body.lastIndexOf('@'); // before the host: parse refuses an '@' after it
            if (at < 0) {
                return prefix + redactQuery(body);
            }
            return prefix + "***@" + redactQuery(body.substring(at + 1));
        }
        String hidden = redactQuery(body); // first, as the last '@' may be in a secret option's value
        int at = hidden.lastIndexOf('@');
        if (at >= 0) {
            return prefix + "***@" + hidden.substring(at + 1);
        }
        return isHostList(hidden.substring(0, authorityEnd(hidden))) ? prefix + hidden : prefix + "***";
    }

    private static boolean parses(String url) {
        try {
            parse(url);
            return true;
        } catch (ToozConfigurationException e) {
            return false;
        }
    }

    /** Whether {@code authority} is empty or a list of HOST[:PORT]; if not, it may be a USER:PASSWORD. */
    private static boolean isHostList(String authority) {
        if (authority.isEmpty()) {
            return true;
        }
        try {
            for (String hp : authority.split(",", -1)) {
                parseHost(hp, "", "");
            }
            return true;
        } catch (ToozConfigurationException e) {
            return false;
        }
    }

    /** Hides the values of secret options in the query of {@code s} (after its first {@code ?}). */
    private static String redactQuery(String s) {
        int q = s.indexOf('?');
        if (q < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.substring(0, q + 1));
        boolean hiding = false;
        String sep = "";
        for (String pair : s.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (hiding && eq < 0) {
                continue; // an unencoded '&' inside a secret value: the rest is secret too
            }
            hiding = eq >= 0 && isSecretOption(pair.substring(0, eq));
            out.append(sep).append(hiding ? pair.substring(0, eq + 1) + "***" : pair);
            sep = "&";
        }
        return out.toString();
    }

    /**
     * Whether an option's value is secret and must not be shown: its name mentions a password, secret, token,
     * credential or auth ({@code password}, {@code sentinel_password}, {@code keyfile_password}...).
     */
    public static boolean isSecretOption(@Nullable String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
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
            sb.append("***@");
        }
        sb.append(String.join(",", hosts.stream().map(HostPort::toString).toList()));
        sb.append(path);
        return sb.toString();
    }
}
