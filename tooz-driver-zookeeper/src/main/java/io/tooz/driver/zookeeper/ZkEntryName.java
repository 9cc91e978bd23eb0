package io.tooz.driver.zookeeper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Names of read-write lock and semaphore entries: {@code <32 hex>.<holder>__<mark>__<10-digit seq>}, where the mark is
 * kazoo's {@code lock} for a {@code write} tag and {@code rlock} for {@code read} (so kazoo's {@code WriteLock} and
 * {@code ReadLock} recognise our entries), else the tag itself. The holder is in the name so that one {@code
 * getChildren} lists the queue with its holders; it is percent-encoded with {@code _} escaped, so the first {@code __}
 * ends it. kazoo's own entries, {@code <32 hex>__rlock__<seq>}, parse with no holder (it is their node data).
 */
final class ZkEntryName {
    private static final Pattern ENTRY =
            Pattern.compile("^[0-9a-f]{32}(?:\\.([A-Za-z0-9.~%-]*))?__([a-z0-9:]{1,16})__(-?\\d{10})$");
    private static final Pattern TAG = Pattern.compile("[a-z0-9:]{1,16}");

    /** A parsed entry name; {@code holder} is null for a node not named by us (read its data). */
    record Parsed(long sequence, @Nullable String holder, String tag) {}

    private ZkEntryName() {}

    /** The name of a new entry, without the sequence ZooKeeper appends. */
    static String prefix(String holder, String tag) {
        return UUID.randomUUID().toString().replace("-", "") + "." + encode(holder) + "__" + mark(tag) + "__";
    }

    /** The entry's sequence, holder (null if not in the name) and tag; null if {@code name} is not an entry. */
    static @Nullable Parsed parse(String name) {
        Matcher m = ENTRY.matcher(name);
        if (!m.matches()) {
            return null;
        }
        String holder = m.group(1) == null ? null : decode(m.group(1));
        String tag =
                switch (m.group(2)) {
                    case "lock" -> "write";
                    case "rlock" -> "read";
                    default -> m.group(2);
                };
        return new Parsed(Long.parseLong(m.group(3)), holder, tag);
    }

    private static String mark(String tag) {
        if (!TAG.matcher(tag).matches() || tag.equals("lock") || tag.equals("rlock")) {
            throw new IllegalArgumentException("queue entry tag '" + tag + "' is not [a-z0-9:]{1,16}, or is kazoo's");
        }
        return switch (tag) {
            case "write" -> "lock";
            case "read" -> "rlock";
            default -> tag;
        };
    }

    /** UTF-8 bytes outside {@code [A-Za-z0-9.~-]} as {@code %XX}: never a {@code _}, never a {@code /}. */
    static String encode(String s) {
        return ZkLayout.percentEncode(s, (b, i) -> b == '.');
    }

    /** The inverse of {@link #encode}; a {@code %} not followed by two hex digits stays as it is. */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
