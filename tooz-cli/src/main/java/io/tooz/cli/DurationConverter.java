package io.tooz.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or plain (possibly fractional) seconds. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** Parses a duration, throwing {@link TypeConversionException} with the accepted syntax. */
    static Duration parse(String value) {
        Matcher m = SYNTAX.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration; use e.g. 500ms, 10s, 2m, 1h or plain seconds");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal millis =
                switch (unit) {
                    case "ms" -> amount;
                    case "s" -> amount.movePointRight(3);
                    case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
                    default -> amount.multiply(BigDecimal.valueOf(3_600_000));
                };
        try {
            return Duration.ofMillis(millis.longValueExact());
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number of milliseconds or is too long");
        }
    }
}
