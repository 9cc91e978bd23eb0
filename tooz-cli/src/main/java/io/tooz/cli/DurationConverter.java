package io.tooz.cli;

import io.tooz.spi.DriverOptions;
import java.time.Duration;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or plain (possibly fractional) seconds. {@link
 * ToozCli#commandLine} registers it for every {@link Duration} option.
 */
final class DurationConverter {
    private DurationConverter() {}

    /** Parses a duration, throwing {@link TypeConversionException} with the accepted syntax. */
    static Duration parse(String value) {
        Duration d = DriverOptions.parseDuration(value)
                .orElseThrow(() -> new TypeConversionException(
                        "'" + value + "' is not a duration; use e.g. 500ms, 10s, 2m, 1h or plain seconds"));
        if (d.toNanos() % 1_000_000 != 0) {
            throw new TypeConversionException("'" + value + "' is not a whole number of milliseconds");
        }
        return d;
    }
}
