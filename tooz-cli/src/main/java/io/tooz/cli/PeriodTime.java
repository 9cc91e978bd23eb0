package io.tooz.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Periods as people read them: the local time a period starts. The scheduler numbers periods {@code floor(epochMillis
 * / periodLength)}, so period {@code n} starts at {@code n × periodLength} ms after the epoch.
 */
final class PeriodTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private PeriodTime() {}

    /** When period {@code number} of length {@code length} starts. */
    static Instant start(long number, Duration length) {
        return Instant.ofEpochMilli(Math.multiplyExact(number, length.toMillis()));
    }

    /** The local time period {@code number} starts: {@code 12:04:06}, or {@code 12:04:06.500} for sub-second starts. */
    static String local(long number, Duration length) {
        return local(start(number, length), length);
    }

    /** The local time of {@code start}, a period's start: to the millisecond if periods are not whole seconds. */
    static String local(Instant start, Duration length) {
        boolean wholeSeconds = length.toMillis() % 1000 == 0;
        return (wholeSeconds ? SECONDS : MILLIS).format(start.atZone(ZoneId.systemDefault()));
    }
}
