package io.tooz.driver.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The fencing counter of one lock, {@code D/.tooz/fences/<sha1(lock path relative to D)>}, rewritten in place by
 * positional writes (no temporary file, no rename). ASCII, one record at offset 0:
 *
 * <pre>
 * offset  0: TTTTTTTTTTTTTTTTTTTT CCCCCCCC\n     token line, 30 bytes
 * offset 30: LLLLLLLLLL HHHHHHHH\n&lt;holder&gt;\n    holder part, 20 + L + 1 bytes
 * then '\n' up to the file's former length
 * </pre>
 *
 * {@code T}: the token, 20 decimal digits, zero-padded; {@code C}: CRC-32C of those 20 bytes, 8 lowercase hex digits;
 * {@code L}: the holder's byte length, 10 decimal digits (0 when released); {@code H}: CRC-32C of the 20 token digits
 * followed by the holder's UTF-8 bytes, which binds the holder part to the token it was written with; {@code
 * <holder>}: the member id, UTF-8. The file never shrinks: a shorter record is followed by newlines covering what the
 * longer one left, so it never holds stale bytes.
 *
 * <p>An acquirer (holding the lock) writes the whole record with one {@code pwrite} at offset 0; a releaser (still
 * holding it) writes only the holder part, at offset 30, with one {@code pwrite}: a releaser that lost the lock to a
 * break without knowing it can blank the new holder's name, never set the token back. A process dying during a
 * {@code pwrite} leaves the old record or the new one, never a mix (the kernel applies a write to the page cache as a
 * whole); a reader not holding the lock may still see a write half-applied, so readers check both CRCs and read again
 * when one fails. A file that stays invalid (damaged from outside, or by a power failure) is reported as corrupt, never
 * read as a token. An empty file (created, never written) counts 0, as a missing one. The former format, {@code
 * "<token>\n<holder>"} written by rename (a first line of at most 19 digits, so no 20th byte {@code ' '}), is still
 * read, and the first acquire rewrites it in this format.
 */
final class FenceFile {
    static final int TOKEN_DIGITS = 20;
    static final int TOKEN_LINE = TOKEN_DIGITS + 1 + 8 + 1;
    static final int LENGTH_DIGITS = 10;
    static final int HOLDER_HEADER = LENGTH_DIGITS + 1 + 8 + 1;
    private static final int READ_ATTEMPTS = 10;
    private static final int READ_SIZE = 512;
    private static final HexFormat HEX = HexFormat.of();

    private FenceFile() {}

    /** A counter's content: the token (0 if never written) and the holder recorded with it ({@code null} if none). */
    record Content(long token, String holder) {}

    /**
     * For an acquirer holding the lock: reads the counter and writes it incremented, with {@code holder}. Returns the
     * new token and the holder's byte length (for {@link #clearHolder}).
     */
    static long[] increment(Path fence, String holder) throws IOException {
        return advance(fence, 1, holder);
    }

    /** As {@link #increment}, by {@code count} (reserving tokens {@code new - count + 1 .. new}). */
    static long[] advance(Path fence, long count, String holder) throws IOException {
        try (FileChannel ch = openForWrite(fence)) {
            return advance(ch, fence, count, holder);
        }
    }

    /** As {@link #advance(Path, long, String)}, on a channel open on {@code fence} for reading and writing. */
    static long[] advance(FileChannel ch, Path fence, long count, String holder) throws IOException {
        byte[] old = null;
        Content c = null;
        for (int i = 0; i < READ_ATTEMPTS && c == null; i++) {
            old = readAll(ch);
            c = parse(old);
        }
        if (c == null) {
            throw corrupt(fence, old);
        }
        long token = Math.addExact(c.token(), count);
        byte[] name = holder.getBytes(StandardCharsets.UTF_8);
        byte[] digits = digits(token);
        byte[] record = new byte[Math.max(TOKEN_LINE + HOLDER_HEADER + name.length + 1, old.length)];
        Arrays.fill(record, (byte) '\n');
        System.arraycopy(digits, 0, record, 0, TOKEN_DIGITS);
        record[TOKEN_DIGITS] = ' ';
        putHex(record, TOKEN_DIGITS + 1, crc(digits, null));
        putHolder(record, TOKEN_LINE, digits, name);
        writeFully(ch, record, 0);
        return new long[] {token, name.length};
    }

    /**
     * For a releaser still holding the lock: blanks the holder part written with {@code token} (whose name was {@code
     * holderBytes} long), leaving the token line alone. A missing file is left missing.
     */
    static void clearHolder(Path fence, long token, int holderBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(fence, StandardOpenOption.WRITE)) {
            writeFully(ch, holderPart(token, holderBytes), TOKEN_LINE);
        } catch (NoSuchFileException e) {
            // nothing to clear
        }
    }

    /**
     * As {@link #clearHolder(Path, long, int)}, on the channel the token was written with (if it was closed meanwhile:
     * on the path).
     */
    static void clearHolder(FileChannel ch, Path fence, long token, int holderBytes) throws IOException {
        try {
            writeFully(ch, holderPart(token, holderBytes), TOKEN_LINE);
        } catch (ClosedChannelException e) {
            clearHolder(fence, token, holderBytes);
        }
    }

    private static byte[] holderPart(long token, int holderBytes) {
        byte[] part = new byte[HOLDER_HEADER + holderBytes + 1];
        Arrays.fill(part, (byte) '\n');
        putHolder(part, 0, digits(token), new byte[0]);
        return part;
    }

    /** Reads a counter without holding its lock (reading again while a write is half-applied). */
    static Content read(Path fence) throws IOException {
        byte[] b = null;
        for (int i = 0; i < READ_ATTEMPTS; i++) {
            b = FileIo.readOrNull(fence);
            Content c = parse(b);
            if (c != null) {
                return c;
            }
            Thread.yield();
        }
        throw corrupt(fence, b);
    }

    /** The content, or {@code null} if it is not a valid counter (yet: a concurrent write may be half-applied). */
    static Content parse(byte[] b) {
        if (b == null || b.length == 0) {
            return new Content(0, null);
        }
        long token = b.length > TOKEN_DIGITS && b[TOKEN_DIGITS] == ' ' ? number(b, 0, TOKEN_DIGITS) : -1;
        if (token < 0) {
            return parseLegacy(b);
        }
        if (b.length < TOKEN_LINE
                || b[TOKEN_LINE - 1] != '\n'
                || hex(b, TOKEN_DIGITS + 1) != crc(Arrays.copyOf(b, TOKEN_DIGITS), null)) {
            return null;
        }
        return new Content(token, holder(b));
    }

    /** The holder part's name, {@code null} if released, invalid, or written with another token. */
    private static String holder(byte[] b) {
        int at = TOKEN_LINE;
        if (b.length < at + HOLDER_HEADER) {
            return null;
        }
        long len = number(b, at, LENGTH_DIGITS);
        if (len <= 0
                || b[at + LENGTH_DIGITS] != ' '
                || b[at + HOLDER_HEADER - 1] != '\n'
                || at + HOLDER_HEADER + len + 1 > b.length
                || b[(int) (at + HOLDER_HEADER + len)] != '\n') {
            return null;
        }
        byte[] name = Arrays.copyOfRange(b, at + HOLDER_HEADER, (int) (at + HOLDER_HEADER + len));
        if (hex(b, at + LENGTH_DIGITS + 1) != crc(Arrays.copyOf(b, TOKEN_DIGITS), name)) {
            return null;
        }
        return new String(name, StandardCharsets.UTF_8);
    }

    /** The former format, {@code "<token>\n<holder>"} (written whole by rename): 1 to 19 digits, then a newline. */
    private static Content parseLegacy(byte[] b) {
        int nl = 0;
        while (nl < b.length && b[nl] != '\n') {
            nl++;
        }
        long token = nl > 0 && nl < TOKEN_DIGITS ? number(b, 0, nl) : -1;
        if (token < 0) {
            return null;
        }
        int end = nl + 1;
        while (end < b.length && b[end] != '\n') {
            end++;
        }
        String holder = end > nl + 1 ? new String(b, nl + 1, end - nl - 1, StandardCharsets.UTF_8) : null;
        return new Content(token, holder);
    }

    private static void putHolder(byte[] into, int at, byte[] digits, byte[] name) {
        byte[] len = Long.toString(name.length).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(into, at, at + LENGTH_DIGITS, (byte) '0');
        System.arraycopy(len, 0, into, at + LENGTH_DIGITS - len.length, len.length);
        into[at + LENGTH_DIGITS] = ' ';
        putHex(into, at + LENGTH_DIGITS + 1, crc(digits, name));
        into[at + HOLDER_HEADER - 1] = '\n';
        System.arraycopy(name, 0, into, at + HOLDER_HEADER, name.length);
        into[at + HOLDER_HEADER + name.length] = '\n';
    }

    private static byte[] digits(long token) {
        byte[] d = new byte[TOKEN_DIGITS];
        Arrays.fill(d, (byte) '0');
        byte[] t = Long.toString(token).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, d, TOKEN_DIGITS - t.length, t.length);
        return d;
    }

    /** The decimal number in {@code b[at, at+n)}, or -1 if those are not all digits or it overflows a long. */
    private static long number(byte[] b, int at, int n) {
        long v = 0;
        for (int i = at; i < at + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** The 8 lowercase hex digits at {@code at}, or -1 if they are not. */
    private static long hex(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            int c = b[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static void putHex(byte[] into, int at, long crc) {
        byte[] h = HEX.toHexDigits((int) crc).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, into, at, 8);
    }

    private static long crc(byte[] digits, byte[] name) {
        CRC32C c = new CRC32C();
        c.update(digits, 0, TOKEN_DIGITS);
        if (name != null) {
            c.update(name);
        }
        return c.getValue();
    }

    /** Opens a counter for reading and writing, creating it (and its directory) if missing. */
    static FileChannel openForWrite(Path fence) throws IOException {
        try {
            return open(fence);
        } catch (NoSuchFileException e) {
            Files.createDirectories(fence.getParent());
            return open(fence);
        }
    }

    private static FileChannel open(Path fence) throws IOException {
        return FileChannel.open(fence, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * The whole file, from offset 0, with as few {@code pread}s as it takes (one for a counter of up to {@value
     * #READ_SIZE} bytes): a read that returns less than asked for has reached the end.
     */
    private static byte[] readAll(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(READ_SIZE);
        while (true) {
            int asked = buf.remaining();
            int n = ch.read(buf, buf.position());
            if (n < asked) {
                break; // the end (or shrunk meanwhile, damaged from outside: the parser judges what was read)
            }
            if (buf.capacity() >= Integer.MAX_VALUE / 2) {
                throw new IOException("fencing counter is too large: over " + buf.capacity() + " bytes");
            }
            buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private static void writeFully(FileChannel ch, byte[] b, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) { // one pwrite on a regular file: a loop only for a short write
            ch.write(buf, at + buf.position());
        }
    }

    /** A counter that is not valid, read after read. */
    static final class CorruptException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptException(String message) {
            super(message);
        }
    }

    private static CorruptException corrupt(Path fence, byte[] b) {
        String shown = b == null
                ? "missing"
                : "'"
                        + new String(b, 0, Math.min(b.length, 64), StandardCharsets.UTF_8).replace("\n", "\\n")
                        + (b.length > 64 ? "..." : "")
                        + "'";
        return new CorruptException(
                "fencing counter " + fence + " is corrupt: " + shown + " (damaged from outside, or by "
                        + "a power failure); if no holder of its lock is alive, delete it: tokens then start again from 1");
    }
}
