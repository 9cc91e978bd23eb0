package io.tooz.internal;

import io.tooz.InvalidNameException;
import io.tooz.spi.Driver;
import java.nio.charset.StandardCharsets;

/** The core's rule for ids and names: non-empty, at most 255 UTF-8 bytes; then the driver's own rule. */
final class Names {
    static final int MAX_BYTES = 255;

    private Names() {}

    static String check(Driver driver, Driver.NameKind kind, String name) {
        String what = describe(kind);
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
        driver.checkName(kind, name);
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
