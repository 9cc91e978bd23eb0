package io.tooz.driver.file;

import io.tooz.SerializationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The MessagePack files of Python tooz's file driver, as {@code oslo.serialization}'s msgpackutils writes them:
 * {@code .metadata} = {@code {"group_id": bin, "encoded": bool}}, {@code <sha1>.raw} = {@code {"capabilities": any,
 * "joined_on": ext 1, "member_id": bin, "encoded": bool}}. Ext 1 is oslo's datetime: a map {@code day, month, year,
 * hour, minute, second, microsecond} of naive local time. Java writes member ids with {@code encoded=false}, as Python
 * does for ids given as bytes (tooz's documented type): Python then reads a Java member's id as {@code bytes}, as it
 * reads its own, where {@code encoded=true} (what Java wrote before, and Python writes for {@code str} ids) made it
 * {@code str}. A group id's {@code encoded} follows the groups already there ({@link FileGroups}). Reading takes an id
 * as its UTF-8 text whichever way it was written.
 */
final class FileRecords {
    static final byte EXT_DATETIME = 1;
    private static final byte[] NIL = {(byte) 0xc0};

    /** A member file's content. */
    record Member(String memberId, byte[] capabilities, LocalDateTime joinedOn) {}

    private FileRecords() {}

    /**
     * A group's metadata; {@code pythonReadsStr} writes {@code encoded=true}, which makes Python read the id as {@code
     * str} (as it reads groups created with {@code str} ids), else {@code encoded=false}, read as {@code bytes}.
     */
    static byte[] groupMetadata(String groupId, boolean pythonReadsStr) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2);
            p.packString("group_id");
            packBin(p, groupId.getBytes(StandardCharsets.UTF_8));
            p.packString("encoded");
            p.packBoolean(pythonReadsStr);
            return p.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode the metadata of group '" + groupId + "'", e);
        }
    }

    static byte[] member(String memberId, byte[] capabilities, LocalDateTime joinedOn) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(4);
            p.packString("capabilities");
            p.writePayload(capabilities.length == 0 ? NIL : capabilities);
            p.packString("joined_on");
            byte[] dt = datetime(joinedOn);
            p.packExtensionTypeHeader(EXT_DATETIME, dt.length);
            p.writePayload(dt);
            p.packString("member_id");
            packBin(p, memberId.getBytes(StandardCharsets.UTF_8));
            p.packString("encoded");
            p.packBoolean(false);
            return p.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode the file of member '" + memberId + "'", e);
        }
    }

    static byte[] datetime(LocalDateTime t) throws IOException {
        LocalDateTime micros = t.truncatedTo(ChronoUnit.MICROS);
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(7);
            p.packString("day").packInt(micros.getDayOfMonth());
            p.packString("month").packInt(micros.getMonthValue());
            p.packString("year").packInt(micros.getYear());
            p.packString("hour").packInt(micros.getHour());
            p.packString("minute").packInt(micros.getMinute());
            p.packString("second").packInt(micros.getSecond());
            p.packString("microsecond").packInt(micros.getNano() / 1000);
            return p.toByteArray();
        }
    }

    private static void packBin(MessagePacker p, byte[] b) throws IOException {
        p.packBinaryHeader(b.length);
        p.writePayload(b);
    }

    static String readGroupId(byte[] blob, Object where) {
        return readGroup(blob, where).groupId();
    }

    /** A group's metadata: its id, and whether Python reads the id as {@code str} (else {@code bytes}). */
    record Group(String groupId, boolean pythonReadsStr) {}

    /**
     * Python's {@code _read_group_id}: {@code str} if {@code encoded} is true, else the stored type ({@code bytes} for
     * bin, {@code str} for str, as tooz before 1.36 wrote str ids).
     */
    static Group readGroup(byte[] blob, Object where) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(blob)) {
            int n = u.unpackMapHeader();
            byte[] id = null;
            boolean storedAsStr = false;
            boolean encoded = false;
            for (int i = 0; i < n; i++) {
                String key = readText(u);
                switch (key) {
                    case "group_id" -> {
                        storedAsStr = u.getNextFormat().getValueType() == ValueType.STRING;
                        id = readBytes(u);
                    }
                    case "encoded" -> encoded =
                            u.getNextFormat().getValueType() == ValueType.BOOLEAN ? u.unpackBoolean() : skipped(u);
                    default -> u.skipValue();
                }
            }
            if (id == null) {
                throw new SerializationException("group metadata " + where + " has no group_id");
            }
            return new Group(new String(id, StandardCharsets.UTF_8), encoded || storedAsStr);
        } catch (IOException | MessagePackException e) {
            throw new SerializationException("group metadata " + where + " is not tooz's MessagePack", e);
        }
    }

    private static boolean skipped(MessageUnpacker u) throws IOException {
        u.skipValue();
        return false;
    }

    static Member readMember(byte[] blob, Object where) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(blob)) {
            int n = u.unpackMapHeader();
            byte[] id = null;
            byte[] caps = NIL;
            LocalDateTime joined = null;
            for (int i = 0; i < n; i++) {
                String key = readText(u);
                switch (key) {
                    case "member_id" -> id = readBytes(u);
                    case "capabilities" -> {
                        int start = (int) u.getTotalReadBytes();
                        u.skipValue();
                        caps = Arrays.copyOfRange(blob, start, (int) u.getTotalReadBytes());
                    }
                    case "joined_on" -> joined = readDatetime(u);
                    default -> u.skipValue();
                }
            }
            if (id == null) {
                throw new SerializationException("member file " + where + " has no member_id");
            }
            return new Member(new String(id, StandardCharsets.UTF_8), caps, joined);
        } catch (IOException | MessagePackException | java.time.DateTimeException e) {
            throw new SerializationException("member file " + where + " is not tooz's MessagePack", e);
        }
    }

    /** A map key: str, or bin in files of tooz before 1.36. */
    private static String readText(MessageUnpacker u) throws IOException {
        return new String(readBytes(u), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(MessageUnpacker u) throws IOException {
        if (u.getNextFormat().getValueType() == ValueType.STRING) {
            return u.unpackString().getBytes(StandardCharsets.UTF_8);
        }
        return u.readPayload(u.unpackBinaryHeader());
    }

    private static LocalDateTime readDatetime(MessageUnpacker u) throws IOException {
        if (u.getNextFormat().getValueType() != ValueType.EXTENSION) {
            u.skipValue();
            return null;
        }
        var h = u.unpackExtensionTypeHeader();
        byte[] payload = u.readPayload(h.getLength());
        if (h.getType() != EXT_DATETIME) {
            return null;
        }
        int[] f = new int[7];
        try (MessageUnpacker m = MessagePack.newDefaultUnpacker(payload)) {
            int n = m.unpackMapHeader();
            for (int i = 0; i < n; i++) {
                int slot =
                        switch (readText(m)) {
                            case "year" -> 0;
                            case "month" -> 1;
                            case "day" -> 2;
                            case "hour" -> 3;
                            case "minute" -> 4;
                            case "second" -> 5;
                            case "microsecond" -> 6;
                            default -> -1;
                        };
                if (slot < 0) {
                    m.skipValue(); // tz: the fields are the local time of that zone; kept as they are
                } else {
                    f[slot] = m.unpackInt();
                }
            }
        }
        return LocalDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5], f[6] * 1000);
    }
}
