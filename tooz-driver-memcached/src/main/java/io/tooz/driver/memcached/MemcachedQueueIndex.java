package io.tooz.driver.memcached;

import io.tooz.SerializationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index item of one read-write lock's or semaphore's queue, as text (item flags 1): a first line {@code q1 <last>
 * <broken>}, then one line {@code <sequence> <uid> <tag> <holder>} per entry in sequence order. {@code last} is the
 * last sequence number given (the next entry gets {@code last + 1}, so numbers never repeat while the item lives);
 * {@code broken} the highest a break removed, so a holder tells a break from an expiry. Each entry lives in its own
 * key {@code __TOOZ_QUEUE_ENTRY_<uid>}, with the lease TTL as expiry; the index lists them.
 *
 * @param last the last sequence number given
 * @param broken the last sequence number a {@code forceBreak} removed (0: none)
 * @param lines the entries listed, in sequence order, dead ones included until someone drops them
 */
record MemcachedQueueIndex(long last, long broken, List<Line> lines) {
    private static final String VERSION = "q1";

    /** One listed entry. */
    record Line(long sequence, String uid, String tag, String holder) {}

    MemcachedQueueIndex {
        lines = List.copyOf(lines);
    }

    /** A new index whose first entry gets {@code first}. */
    static MemcachedQueueIndex startingAt(long first) {
        return new MemcachedQueueIndex(first - 1, 0, List.of());
    }

    static MemcachedQueueIndex parse(byte[] value, String key) {
        String[] rows = new String(value, StandardCharsets.UTF_8).split("\n");
        try {
            String[] head = rows[0].split(" ");
            if (!head[0].equals(VERSION) || head.length != 3) {
                throw new IllegalArgumentException("first line is '" + rows[0] + "'");
            }
            List<Line> lines = new ArrayList<>(rows.length - 1);
            for (int i = 1; i < rows.length; i++) {
                String[] f = rows[i].split(" ");
                if (f.length != 4) {
                    throw new IllegalArgumentException("line " + (i + 1) + " is '" + rows[i] + "'");
                }
                lines.add(new Line(Long.parseLong(f[0]), f[1], f[2], f[3]));
            }
            return new MemcachedQueueIndex(Long.parseLong(head[1]), Long.parseLong(head[2]), lines);
        } catch (RuntimeException e) {
            throw new SerializationException("memcached key " + key + " holds no tooz queue index (" + e.getMessage()
                    + "); expected 'q1 <last> <broken>' then '<sequence> <uid> <tag> <holder>' lines");
        }
    }

    byte[] encode() {
        StringBuilder b = new StringBuilder(32 + 64 * lines.size());
        b.append(VERSION).append(' ').append(last).append(' ').append(broken);
        for (Line l : lines) {
            b.append('\n').append(l.sequence()).append(' ').append(l.uid()).append(' ');
            b.append(l.tag()).append(' ').append(l.holder());
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** With a new entry at the end, numbered {@code last + 1}. */
    MemcachedQueueIndex append(String uid, String tag, String holder) {
        List<Line> more = new ArrayList<>(lines);
        more.add(new Line(last + 1, uid, tag, holder));
        return new MemcachedQueueIndex(last + 1, broken, more);
    }

    /** Without the entries numbered {@code sequences}. */
    MemcachedQueueIndex without(Collection<Long> sequences) {
        return new MemcachedQueueIndex(
                last,
                broken,
                lines.stream().filter(l -> !sequences.contains(l.sequence())).toList());
    }

    /** Every entry but those tagged {@code kept} removed, and all numbers so far marked broken. */
    MemcachedQueueIndex brokenExcept(String kept) {
        return new MemcachedQueueIndex(
                last, last, lines.stream().filter(l -> l.tag().equals(kept)).toList());
    }

    boolean lists(long sequence) {
        return lines.stream().anyMatch(l -> l.sequence() == sequence);
    }

    /** {@code ms} of {@code index} at {@code indexKey} if its CAS unique still is {@code cas}, returning the new one. */
    static MetaCommand cas(String indexKey, MemcachedQueueIndex index, long cas) {
        return MetaCommand.set(indexKey, index.encode(), "C" + Long.toUnsignedString(cas) + " c");
    }

    /** An {@code mg} of each line's entry key: a hit if it lives. */
    static List<MetaCommand> probes(List<Line> lines) {
        return lines.stream()
                .map(l -> MetaCommand.get(MemcachedKeys.queueEntry(l.uid()), ""))
                .toList();
    }

    /** Whether each line's key lived, from the replies from {@code from} on to {@link #probes} of those lines. */
    static Map<String, Boolean> probed(List<Line> lines, List<MetaReply> replies, int from) {
        Map<String, Boolean> alive = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            alive.put(lines.get(i).uid(), replies.get(from + i).hit());
        }
        return alive;
    }
}
