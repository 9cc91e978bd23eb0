package io.tooz.driver.file;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The format of a queue's table ({@link QueueTable}): blocks of {@value #SIZE} bytes, ASCII but for holders (UTF-8).
 * Block 0 is the header, block {@code 1 + k} row {@code k}:
 *
 * <pre>
 * header: TTTTTTTTTTTTTTTTTTTT CCCCCCCC\n                      then '\n' to the end of the block
 * row:    SSSSSSSSSSSSSSSSSSSS tttttttttttttttt LLL CCCCCCCC\n&lt;holder&gt;   then '\n' to the end of the block
 * </pre>
 *
 * {@code T}: the last sequence number given, 20 digits; {@code S}: the entry's sequence number; {@code t}: its tag,
 * padded with spaces; {@code L}: the holder's byte length; {@code C}: CRC-32C of everything else on the line (the
 * header's digits; the row's digits, tag, length and holder), 8 lowercase hex digits. An empty row is all newlines.
 * Blocks are written whole with one positional write each; a reader that finds a CRC wrong reads again (a write may be
 * half-applied while it reads).
 */
final class QueueRows {
    static final int SIZE = 512;
    static final int MAX_TAG = 16;
    private static final int DIGITS = 20;
    private static final int LINE = DIGITS + 1 + MAX_TAG + 1 + 3 + 1 + 8 + 1;
    static final int MAX_HOLDER = SIZE - LINE;

    private QueueRows() {}

    /** A row with an entry. */
    record Row(int index, long sequence, String tag, String holder) {}

    /** Not a valid block (yet). */
    static final Row TORN = new Row(-1, -1, "", "");

    static byte[] header(long counter) {
        byte[] b = blank();
        byte[] d = digits(counter);
        System.arraycopy(d, 0, b, 0, DIGITS);
        b[DIGITS] = ' ';
        putHex(b, DIGITS + 1, crc(b, 0, DIGITS, null));
        b[DIGITS + 9] = '\n';
        return b;
    }

    /** The counter in a table's header block; -1 if torn or damaged; 0 for a table never written. */
    static long counter(byte[] b) {
        if (b.length < SIZE) {
            return b.length == 0 ? 0 : -1;
        }
        long n = number(b, 0, DIGITS);
        if (n < 0 || b[DIGITS] != ' ' || hex(b, DIGITS + 1) != crc(b, 0, DIGITS, null)) {
            return -1;
        }
        return n;
    }

    static byte[] row(long sequence, String tag, String holder) {
        byte[] name = holder.getBytes(StandardCharsets.UTF_8);
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        if (name.length > MAX_HOLDER || t.length > MAX_TAG) {
            throw new IllegalArgumentException("a queue entry's holder has at most " + MAX_HOLDER
                    + " bytes and its tag " + MAX_TAG + ": '" + holder + "', '" + tag + "'");
        }
        byte[] b = blank();
        System.arraycopy(digits(sequence), 0, b, 0, DIGITS);
        b[DIGITS] = ' ';
        Arrays.fill(b, DIGITS + 1, DIGITS + 1 + MAX_TAG, (byte) ' ');
        System.arraycopy(t, 0, b, DIGITS + 1, t.length);
        int at = DIGITS + 1 + MAX_TAG;
        b[at] = ' ';
        String len = Integer.toString(name.length);
        Arrays.fill(b, at + 1, at + 4, (byte) '0');
        System.arraycopy(len.getBytes(StandardCharsets.US_ASCII), 0, b, at + 4 - len.length(), len.length());
        b[at + 4] = ' ';
        System.arraycopy(name, 0, b, LINE, name.length);
        putHex(b, at + 5, crc(b, 0, at + 4, name));
        b[LINE - 1] = '\n';
        return b;
    }

    static byte[] blank() {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) '\n');
        return b;
    }

    /** Row {@code index} of a table read whole (its block at {@code 1 + index}); {@code null} if empty. */
    static Row row(byte[] table, int index) {
        return row(table, (1 + index) * SIZE, index);
    }

    /** Row {@code index}, whose block is at {@code at} in {@code table}; {@code null} if empty. */
    static Row row(byte[] table, int at, int index) {
        if (table.length < at + SIZE) {
            return table.length <= at ? null : TORN;
        }
        if (table[at] == '\n') {
            return null;
        }
        long seq = number(table, at, DIGITS);
        int lenAt = at + DIGITS + 1 + MAX_TAG + 1;
        long len = number(table, lenAt, 3);
        if (seq < 0 || len < 0 || len > MAX_HOLDER || table[lenAt + 3] != ' ' || table[at + LINE - 1] != '\n') {
            return TORN;
        }
        byte[] name = Arrays.copyOfRange(table, at + LINE, at + LINE + (int) len);
        if (hex(table, lenAt + 4) != crc(table, at, DIGITS + 1 + MAX_TAG + 1 + 3, name)) {
            return TORN;
        }
        String tag = new String(table, at + DIGITS + 1, MAX_TAG, StandardCharsets.US_ASCII).strip();
        return new Row(index, seq, tag, new String(name, StandardCharsets.UTF_8));
    }

    /** How many rows a table of {@code length} bytes has. */
    static int rows(long length) {
        return (int) Math.max(0, (length + SIZE - 1) / SIZE - 1);
    }

    private static byte[] digits(long n) {
        byte[] d = new byte[DIGITS];
        Arrays.fill(d, (byte) '0');
        byte[] t = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, d, DIGITS - t.length, t.length);
        return d;
    }

    /** The decimal number in {@code b[at, at+n)}, or -1 if those are not all digits or it overflows. */
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
        String h = String.format("%08x", crc);
        System.arraycopy(h.getBytes(StandardCharsets.US_ASCII), 0, into, at, 8);
    }

    private static long crc(byte[] b, int at, int n, byte[] more) {
        CRC32C c = new CRC32C();
        c.update(b, at, n);
        if (more != null) {
            c.update(more);
        }
        return c.getValue();
    }
}
