package io.tooz.cli;

import io.tooz.spi.ConnectionUrl;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets in what the command prints about its own arguments. The argument parser quotes them ("Unmatched
 * argument 'redis://u:pw@h'" when {@code --url} was left out), so everything the command writes goes through {@link
 * #scrubbing}, which shows each argument holding a URL's user information or a secret option (and {@code $TOOZ_URL})
 * in its {@linkplain ConnectionUrl#redact redacted} form. The library's own messages never quote a password; this is
 * the guard for text that quotes arguments.
 */
final class Secrets {
    private Secrets() {}

    /** {@code target}, or a writer to it that redacts the secrets in {@code args} if any of them holds one. */
    static PrintWriter scrubbing(PrintWriter target, List<String> args) {
        Map<String, String> hide = replacements(args, System.getenv("TOOZ_URL"));
        if (hide.isEmpty()) {
            return target;
        }
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] chars, int off, int len) {
                write(new String(chars, off, len), 0, len);
            }

            @Override
            public void write(String s, int off, int len) {
                String text = s.substring(off, off + len);
                for (Map.Entry<String, String> e : hide.entrySet()) {
                    text = text.replace(e.getKey(), e.getValue());
                }
                target.write(text);
            }

            @Override
            public void flush() {
                target.flush();
            }

            @Override
            public void close() {
                target.close();
            }
        });
    }

    /**
     * Each secret-holding text among the arguments, longest first, with what to show instead: the value of
     * {@code --url} and any argument that looks like a URL (a scheme with a slash, or {@code USER:PASSWORD@}), as a
     * whole or after a {@code NAME=} ({@code --url=URL}, {@code -o hosts=...}), redacted; {@code NAME=VALUE} of a
     * secret option as {@code NAME=***}. Other arguments (names such as {@code team:a} or {@code me@host}) are left
     * alone.
     */
    static Map<String, String> replacements(List<String> args, String envUrl) {
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((i > 0 && args.get(i - 1).equals("--url")) || looksLikeUrl(arg)) {
                found.put(arg, ConnectionUrl.redact(arg));
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                String name = arg.substring(0, eq);
                String value = arg.substring(eq + 1);
                if (ConnectionUrl.isSecretOption(name)) {
                    found.put(arg, name + "=***");
                } else if (name.equals("--url") || looksLikeUrl(value)) {
                    found.put(arg, name + "=" + ConnectionUrl.redact(value));
                    found.put(value, ConnectionUrl.redact(value));
                }
            }
        }
        if (envUrl != null) {
            found.put(envUrl, ConnectionUrl.redact(envUrl));
        }
        List<String> texts = new ArrayList<>(found.keySet());
        texts.sort(Comparator.comparingInt(String::length).reversed()); // "--url=X" before "X"
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : texts) {
            if (!t.isEmpty() && !found.get(t).equals(t)) {
                out.put(t, found.get(t));
            }
        }
        return out;
    }

    /** A scheme followed by a slash ({@code redis://}, {@code postgresql:/}), or a {@code :} before an {@code @}. */
    private static boolean looksLikeUrl(String s) {
        return URL_LIKE.matcher(s).lookingAt();
    }

    private static final Pattern URL_LIKE = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*(?::/|//)|[^@/]*:[^@]*@");
}
