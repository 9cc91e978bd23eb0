package io.tooz.driver.memcached;

import io.tooz.SerializationException;
import io.tooz.ToozException;
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
