package io.tooz.spi;

import io.tooz.ToozConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Driver options: the URL's query merged with builder options, builder options winning; for a name given several
 * times ({@code ?timeout=10&timeout=20}) every getter but {@link #list} reads the last value, silently, as Python
 * tooz's {@code collapse} does. Typed getters fail with {@link ToozConfigurationException} naming the option, the bad
 * value (or {@code ***} for a {@linkplain ConnectionUrl#isSecretOption secret} one) and what is accepted.
 *
 * <p>The core rejects options no getter asked for during {@link DriverProvider#create}, listing those that were.
 */
public final class DriverOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final Map<String, List<String>> values;
    private final String scheme;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    /** Options for a scheme; {@code values} maps each name to all its values, in order. */
    public DriverOptions(String scheme, Map<String, List<String>> values) {
        this.scheme = scheme;
        this.values = Map.copyOf(values);
    }

    /** All values of a (repeatable) option, in order. */
    public List<String> list(String name) {
        asked.add(name);
        return values.getOrDefault(name, List.of());
    }

    /** The last value of an option. */
    public Optional<String> string(String name) {
        List<String> all = list(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** A string option with a default. */
    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    /** An integer option within {@code [min, max]}. */
    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v.get().trim());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw bad(name, v.get(), "an integer from " + min + " to " + max);
    }

    /** A boolean option: true/false, yes/no, 1/0, on/off. */
    public boolean bool(String name, boolean defaultValue) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        switch (v.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return true;
            case "false", "no", "0", "off":
                return false;
            default:
                throw bad(name, v.get(), "true or false");
        }
    }

    /**
     * A duration option: a number of seconds as tooz writes it ({@code 10}, {@code 2.5}) or a number with a unit
     * ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}); must lie in {@code [min, max]}.
     */
    public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        Optional<Duration> d = parseDuration(v.get());
        if (d.isPresent() && d.get().compareTo(min) >= 0 && d.get().compareTo(max) <= 0) {
            return d.get();
        }
        throw bad(
                name,
                v.get(),
                "a duration from " + human(min) + " to " + human(max)
                        + " (seconds like 10 or 2.5, or with a unit: 500ms, 10s, 2m, 1h)");
    }

    /**
     * Parses tooz's duration syntax: a number of seconds ({@code 10}, {@code 2.5}) or a number with a unit ({@code
     * 500ms}, {@code 10s}, {@code 2m}, {@code 1h}). Empty if the text is not one, or is not a whole number of
     * nanoseconds, or overflows.
     */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal nanos =
                switch (unit) {
                    case "ms" -> amount.movePointRight(6);
                    case "m" -> amount.multiply(BigDecimal.valueOf(60_000_000_000L));
                    case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000_000_000L));
                    default -> amount.movePointRight(9);
                };
        try {
            return Optional.of(Duration.ofNanos(nanos.longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** One of a fixed set of words (case-insensitive); returns it in lower case. */
    public String choice(String name, String defaultValue, Set<String> allowed) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw bad(name, v.get(), "one of " + new TreeSet<>(allowed));
        }
        return s;
    }

    /** Names present but never asked for. */
    public Set<String> unknown() {
        Set<String> out = new TreeSet<>(values.keySet());
        out.removeAll(asked);
        return Collections.unmodifiableSet(out);
    }

    /** Names asked for so far, i.e. the options the driver knows. */
    public Set<String> known() {
        return Collections.unmodifiableSet(new TreeSet<>(asked));
    }

    private ToozConfigurationException bad(String name, String value, String expected) {
        String shown = ConnectionUrl.isSecretOption(name) ? "***" : value;
        return new ToozConfigurationException(
                "option '" + name + "' of " + scheme + ":// has bad value '" + shown + "'; expected " + expected);
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
