package io.tooz.driver.memcached;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A reply of memcached's meta protocol: its code ({@code HD}, {@code VA} with a value, {@code EN}, {@code NF},
 * {@code NS}, {@code EX}, {@code MN}, or an error line's first word), the returned flags, and the value of a {@code
 * VA} (empty otherwise).
 */
record MetaReply(String code, List<String> flags, byte[] value, String line) {
    private static final List<String> CODES = List.of("HD", "VA", "EN", "NF", "NS", "EX", "MN");

    static MetaReply read(MemcachedConnection c) throws IOException {
        String line = c.readLine();
        String[] f = line.split(" ");
        if (f[0].equals("VA") && f.length >= 2) {
            byte[] value = c.readData(Integer.parseInt(f[1]));
            return new MetaReply("VA", List.of(Arrays.copyOfRange(f, 2, f.length)), value, line);
        }
        return new MetaReply(f[0], List.of(Arrays.copyOfRange(f, 1, f.length)), new byte[0], line);
    }

    /** Whether the server refused the command ({@code ERROR}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}). */
    boolean failed() {
        return !CODES.contains(code);
    }

    boolean is(String expected) {
        return code.equals(expected);
    }

    /** A hit of {@code mg}: {@code VA} or {@code HD}. */
    boolean hit() {
        return is("VA") || is("HD");
    }

    /** The CAS unique returned by a {@code c} flag. */
    long cas() {
        for (String f : flags) {
            if (f.startsWith("c")) {
                return Long.parseUnsignedLong(f.substring(1));
            }
        }
        throw new IllegalStateException("memcached returned no CAS unique in '" + line + "'");
    }
}
