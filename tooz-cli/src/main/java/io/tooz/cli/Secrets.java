package io.tooz.cli;

import io.tooz.spi.ConnectionUrl;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** Each secret-holding text among the arguments, longest first, with what to show instead. */
    static Map<String, String> replacements(List<String> args, String envUrl) {
        List<String> texts = new ArrayList<>(args);
        if (envUrl != null) {
            texts.add(envUrl);
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                texts.add(arg.substring(eq + 1)); // the URL of --url=URL
            }
        }
        texts.sort(Comparator.comparingInt(String::length).reversed()); // "--url=X" before "X"
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : texts) {
            String shown = redact(t);
            if (!t.isEmpty() && !shown.equals(t)) {
                out.put(t, shown);
            }
        }
        return out;
    }

    /** A URL redacted; {@code NAME=VALUE} with the value redacted, or {@code ***} for a secret option. */
    private static String redact(String arg) {
        int eq = arg.indexOf('=');
        int scheme = arg.indexOf("://");
        if (eq > 0 && (scheme < 0 || eq < scheme)) {
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            return name + "=" + (ConnectionUrl.isSecretOption(name) ? "***" : ConnectionUrl.redact(value));
        }
        return ConnectionUrl.redact(arg);
    }
}
