package io.tooz.spi;

import io.tooz.ToozConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Driver options: the URL's query merged with builder options, builder options winning; for a name given several
 * times ({@code ?timeout=10&timeout=20}) every getter but {@link #list} reads the last value, silently, as Python
 * tooz's {@code collapse} does. Typed getters fail with {@link ToozConfigurationException} naming the option, the bad
 * value (or {@code ***} for a {@linkplain ConnectionUrl#isSecretOption secret} one) and what is accepted.
 *
 * <p>A value is the text of the URL query, or a typed value given to {@link io.tooz.CoordinatorBuilder#option(String,
 * Object)}. Each getter takes the types that mean something for it:
 *
 * <table>
 * <caption>Accepted values</caption>
 * <tr><th>getter</th><th>text</th><th>typed</th></tr>
 * <tr><td>{@link #duration}</td><td>seconds ({@code 10}, {@code 2.5}) or with a unit ({@code 500ms}, {@code 10s},
 *     {@code 2m}, {@code 1h})</td><td>{@link Duration}; a {@link Number} of seconds, as in the URL</td></tr>
 * <tr><td>{@link #integer}</td><td>{@code 42}</td><td>a {@link Number} with no fraction</td></tr>
 * <tr><td>{@link #bool}</td><td>{@code true/false}, {@code yes/no}, {@code 1/0}, {@code on/off}</td>
 *     <td>{@link Boolean}</td></tr>
 * <tr><td>{@link #string}, {@link #list}, {@link #choice}</td><td>any</td><td>a {@link Number}, {@link Boolean},
 *     {@link Character}, {@link Enum}, {@link java.nio.file.Path}, {@link java.io.File} or {@link java.net.URI},
 *     as its {@code toString()}</td></tr>
 * </table>
 *
 * <p>Any other pairing (a {@code Duration} for a number, a {@code Boolean} for a duration) fails naming the option,
 * the value's type and what the option takes. Python tooz passes {@code get_coordinator(**kwargs)} values to each
 * driver's own {@code int()} or {@code float()}, so a number works there too; a {@code timedelta} does not.
 *
 * <p>The core rejects options no getter asked for during {@link DriverProvider#create}, listing those that were.
 */
public final class DriverOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final String DURATION_TEXT = "seconds like 10 or 2.5, or with a unit: 500ms, 10s, 2m, 1h";

    private final Map<String, List<Object>> values;
    private final String scheme;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final Set<String> ignored = ConcurrentHashMap.newKeySet();

    /**
     * Options for a scheme; {@code values} maps each name to all its values, in order: text from the URL query, or
     * typed values from {@link io.tooz.CoordinatorBuilder#option(String, Object)}.
     */
    public DriverOptions(String scheme, Map<String, ? extends List<?>> values) {
        this.scheme = scheme;
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        values.forEach((name, all) -> copy.put(name, List.copyOf(all)));
        this.values = Collections.unmodifiableMap(copy);
    }

    /**
     * Whether a builder may pass {@code value} for some option: text, a {@link Number}, {@link Boolean}, {@link
     * Duration}, {@link Character}, {@link Enum}, {@link java.nio.file.Path}, {@link java.io.File} or {@link
     * java.net.URI}. Which of these an option takes is checked when the driver reads it.
     */
    public static boolean isOptionValue(Object value) {
        return value instanceof Duration || isText(value);
    }

    /** All values of a (repeatable) option, in order, as text. */
    public List<String> list(String name) {
        asked.add(name);
        List<String> out = new ArrayList<>();
        for (Object v : values.getOrDefault(name, List.of())) {
            out.add(text(name, v));
        }
        return Collections.unmodifiableList(out);
    }

    /** The last value of an option, as text. */
    public Optional<String> string(String name) {
        return last(name).map(v -> text(name, v));
    }

    /** A string option with a default. */
    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    /** An integer option within {@code [min, max]}: text, or a {@link Number} with no fraction. */
    public int integer(String name, int defaultValue, int min, int max) {
        Optional<Object> v = last(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String expected = "an integer from " + min + " to " + max;
        BigDecimal n =
                v.get() instanceof Number number ? decimal(number) : parseInteger(textOf(name, v.get(), expected));
        if (n != null
                && n.compareTo(BigDecimal.valueOf(min)) >= 0
                && n.compareTo(BigDecimal.valueOf(max)) <= 0
                && n.stripTrailingZeros().scale() <= 0) {
            return n.intValueExact();
        }
        throw bad(name, v.get(), expected);
    }

    /** A boolean option: a {@link Boolean}, or the text true/false, yes/no, 1/0, on/off. */
    public boolean bool(String name, boolean defaultValue) {
        Optional<Object> v = last(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        if (v.get() instanceof Boolean b) {
            return b;
        }
        String expected = "true or false";
        switch (textOf(name, v.get(), expected).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return true;
            case "false", "no", "0", "off":
                return false;
            default:
                throw bad(name, v.get(), expected);
        }
    }

    /**
     * A duration option within {@code [min, max]}: a {@link Duration}, a {@link Number} of seconds ({@code 5}, {@code
     * 2.5}, as in the URL), or text: a number of seconds as tooz writes it ({@code 10}, {@code 2.5}) or a number with
     * a unit ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}).
     */
    public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        Optional<Object> v = last(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String expected = "a duration from " + formatDuration(min) + " to " + formatDuration(max)
                + " (a java.time.Duration, a number" + " of seconds, or text: " + DURATION_TEXT + ")";
        Optional<Duration> d;
        if (v.get() instanceof Duration given) {
            d = Optional.of(given);
        } else if (v.get() instanceof Number number) {
            BigDecimal seconds = decimal(number);
            d = seconds == null ? Optional.empty() : ofSeconds(seconds);
        } else {
            d = parseDuration(textOf(name, v.get(), expected));
        }
        if (d.isPresent() && d.get().compareTo(min) >= 0 && d.get().compareTo(max) <= 0) {
            return d.get();
        }
        throw bad(name, v.get(), expected);
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
        return switch (unit) {
            case "ms" -> ofSeconds(amount.movePointLeft(3));
            case "m" -> ofSeconds(amount.multiply(BigDecimal.valueOf(60)));
            case "h" -> ofSeconds(amount.multiply(BigDecimal.valueOf(3600)));
            default -> ofSeconds(amount);
        };
    }

    private static Optional<Duration> ofSeconds(BigDecimal seconds) {
        try {
            return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
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

    /**
     * Accepts options that Python tooz's driver of this scheme reads but that mean nothing on the JVM (an executor, a
     * retry policy of a Python client library): they are known, never fail, and the core logs the ones given once, at
     * INFO, naming them. Values are not checked.
     */
    public void ignore(String... names) {
        for (String name : names) {
            asked.add(name);
            ignored.add(name);
        }
    }

    /** The {@linkplain #ignore ignored} options that were given, sorted. */
    public Set<String> ignoredGiven() {
        Set<String> out = new TreeSet<>(ignored);
        out.retainAll(values.keySet());
        return Collections.unmodifiableSet(out);
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

    private Optional<Object> last(String name) {
        asked.add(name);
        List<Object> all = values.getOrDefault(name, List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static boolean isText(Object v) {
        return v instanceof CharSequence
                || v instanceof Number
                || v instanceof Boolean
                || v instanceof Character
                || v instanceof Enum<?>
                || v instanceof java.nio.file.Path
                || v instanceof java.io.File
                || v instanceof java.net.URI;
    }

    private String text(String name, Object v) {
        return textOf(name, v, "text (a String, a number or a boolean)");
    }

    private String textOf(String name, Object v, String expected) {
        if (!isText(v)) {
            throw bad(name, v, expected);
        }
        return v.toString();
    }

    /** A number as a decimal; null for NaN, infinities and numbers without a decimal form. */
    private static @Nullable BigDecimal decimal(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (n instanceof BigDecimal d) {
            return d;
        }
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable BigDecimal parseInteger(String text) {
        try {
            return new BigDecimal(new java.math.BigInteger(text.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ToozConfigurationException bad(String name, Object value, String expected) {
        String shown = ConnectionUrl.isSecretOption(name) ? "***" : String.valueOf(value);
        String type = value instanceof String ? "" : " (a " + value.getClass().getName() + ")";
        return new ToozConfigurationException("option '" + name + "' of " + scheme + ":// has bad value '" + shown + "'"
                + type + "; expected " + expected);
    }

    /** A whole number of milliseconds in the syntax {@link #parseDuration} reads: {@code 10s}, {@code 300ms}. */
    public static String formatDuration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
