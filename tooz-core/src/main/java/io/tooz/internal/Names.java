package io.tooz.internal;

import io.tooz.InvalidNameException;
import io.tooz.spi.Driver;
import java.nio.charset.StandardCharsets;

/** The core's rule for ids and names: non-empty, at most 255 UTF-8 bytes; then the driver's own rule. */
public final class Names {
    static final int MAX_BYTES = 255;

    private Names() {}

    static String check(Driver driver, Driver.NameKind kind, String name) {
        checkSize(describe(kind), name);
        driver.checkName(kind, name);
        return name;
    }

    /**
     * The core's rule alone, for names no driver sees as such (the scheduler's task ids and groups).
     *
     * @param what what the name names, for the message ("task id")
     * @throws InvalidNameException naming the value and the rule
     */
    public static String checkSize(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException(what + " must be a non-empty string of at most " + MAX_BYTES
                    + " UTF-8 bytes, got " + (name == null ? "null" : "''"));
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            String head = name.substring(0, Math.min(40, name.length()));
            throw new InvalidNameException(what + " '" + head + "...' is " + bytes + " UTF-8 bytes long; at most "
                    + MAX_BYTES + " are allowed");
        }
        return name;
    }

    static String describe(Driver.NameKind kind) {
        return switch (kind) {
            case GROUP -> "group id";
            case MEMBER -> "member id";
            case LOCK -> "lock name";
        };
    }
}
