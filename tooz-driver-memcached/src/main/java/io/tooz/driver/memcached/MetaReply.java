package io.tooz.driver.memcached;

import io.tooz.SerializationException;
import io.tooz.ToozException;
import java.io.IOException;
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
        List<String> f = words(line);
        if (f.get(0).equals("VA") && f.size() >= 2) {
            byte[] value = c.readData(Integer.parseInt(f.get(1)));
            return new MetaReply("VA", f.subList(2, f.size()), value, line);
        }
        return new MetaReply(f.get(0), f.subList(1, f.size()), NO_VALUE, line);
    }

    private static final byte[] NO_VALUE = new byte[0];

    /** The line's words, split at single spaces (as {@code String.split(" ")}, without its regex machinery). */
    private static List<String> words(String line) {
        List<String> words = new java.util.ArrayList<>(4);
        int from = 0;
        for (int at = line.indexOf(' '); at >= 0; at = line.indexOf(' ', from)) {
            words.add(line.substring(from, at));
            from = at + 1;
        }
        words.add(line.substring(from));
        return words;
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
        return casIfAny()
                .orElseThrow(() -> new IllegalStateException("memcached returned no CAS unique in '" + line + "'"));
    }

    /** The CAS unique returned by a {@code c} flag, if the reply has one. */
    java.util.OptionalLong casIfAny() {
        for (String f : flags) {
            if (f.startsWith("c")) {
                return java.util.OptionalLong.of(Long.parseUnsignedLong(f.substring(1)));
            }
        }
        return java.util.OptionalLong.empty();
    }

    /**
     * Sends {@code commands} pipelined, in batches of {@value MemcachedClient#META_BATCH} (a batch is sent at once,
     * then its replies read, so neither side's buffers fill), and answers one reply per command.
     */
    static List<MetaReply> exchange(MemcachedConnection c, List<MetaCommand> commands, String address)
            throws IOException {
        List<MetaReply> out = new java.util.ArrayList<>(commands.size());
        for (int from = 0; from < commands.size(); from += MemcachedClient.META_BATCH) {
            List<MetaCommand> batch =
                    commands.subList(from, Math.min(commands.size(), from + MemcachedClient.META_BATCH));
            for (MetaCommand m : batch) {
                c.queue(m.line(), m.data());
            }
            c.flush();
            for (MetaCommand m : batch) {
                MetaReply reply = read(c);
                if (reply.failed()) {
                    throw reply.refusal(m, address);
                }
                out.add(reply);
            }
        }
        return out;
    }

    private ToozException refusal(MetaCommand m, String address) {
        if (line.startsWith("SERVER_ERROR object too large")) {
            return new SerializationException("memcached at " + address + " cannot store "
                    + (m.data() == null ? 0 : m.data().length) + " bytes under key "
                    + m.line().split(" ")[1]
                    + ": more than its item size limit (1 MB unless memcached was started with a larger -I)");
        }
        if (is("ERROR")) {
            return new ToozException("memcached at " + address + " does not know '"
                    + MemcachedClient.brief(m.line()) + "': read-write locks and semaphores need memcached's meta"
                    + " commands (memcached 1.6; tested with 1.6.18)");
        }
        return new ToozException(
                "memcached at " + address + " answered '" + line + "' to '" + MemcachedClient.brief(m.line()) + "'");
    }
}
