package io.tooz.driver.memcached;

import java.nio.charset.StandardCharsets;

/**
 * One command of memcached's meta protocol (1.6) for {@link MemcachedClient#meta}: its line and, for {@code ms}, its
 * data block ({@code null} otherwise). Item flags are Python tooz's 1 (raw bytes) for everything tooz-java adds.
 */
record MetaCommand(String line, byte[] data) {

    /** {@code mg KEY FLAGS}: {@code v} value, {@code c} CAS unique, {@code T<s>} new TTL; none: HD (hit) or EN. */
    static MetaCommand get(String key, String flags) {
        return new MetaCommand(flags.isEmpty() ? "mg " + key : "mg " + key + " " + flags, null);
    }

    /** {@code ms KEY LEN F1 FLAGS}: {@code T<s>} TTL, {@code C<cas>} compare, {@code ME} add, {@code c} new CAS. */
    static MetaCommand set(String key, byte[] value, String flags) {
        return new MetaCommand("ms " + key + " " + value.length + " F" + MemcachedValues.RAW + " " + flags, value);
    }

    /** {@code ms} of text. */
    static MetaCommand set(String key, String value, String flags) {
        return set(key, value.getBytes(StandardCharsets.UTF_8), flags);
    }

    /** {@code md KEY}: HD if it existed, NF otherwise. */
    static MetaCommand delete(String key) {
        return new MetaCommand("md " + key, null);
    }

    /** {@code md KEY C<cas>}: deletes only the version {@code cas}; HD, EX (another version) or NF. */
    static MetaCommand deleteIf(String key, long cas) {
        return new MetaCommand("md " + key + " C" + Long.toUnsignedString(cas), null);
    }

    /** {@code ma KEY v}: adds 1 and answers VA with the new value; NF if the key is absent (not created). */
    static MetaCommand increment(String key) {
        return new MetaCommand("ma " + key + " v", null);
    }
}
