package io.tooz.driver.memcached;

import io.tooz.SerializationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Python tooz's value encoding on memcached: raw bytes with item flags 1, MessagePack with flags 2 (any other flag is
 * Python's {@code SerializationError}). A group is one map {@code {bin M: {bin "capabilities": caps}}} whose members
 * are kept as raw MessagePack pairs (key and entry), so a rewrite leaves others' entries byte for byte as they were,
 * str or bin keys included (Python finds its own entry by equality, so the key type matters).
 */
final class MemcachedValues {
    static final int RAW = 1;
    static final int MSGPACK = 2;
    static final byte[] NIL = {(byte) 0xc0};
    static final byte[] EMPTY_MAP = {(byte) 0x80};
    private static final byte[] CAPABILITIES = "capabilities".getBytes(StandardCharsets.UTF_8);

    private MemcachedValues() {}

    /** The bytes of a flags-1 value (lock holder, liveness marker). */
    static byte[] raw(MemcachedItem item, String key) {
        if (item.flags() != RAW) {
            throw unknownFormat(item, key);
        }
        return item.value();
    }

    /** A flags-1 value as text, or a flags-2 MessagePack string (what Python writes for a str member id). */
    static String text(MemcachedItem item, String key) {
        if (item.flags() == MSGPACK) {
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(item.value())) {
                return unpackText(u);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode the value at memcached key " + key + ": " + e, e);
            }
        }
        return new String(raw(item, key), StandardCharsets.UTF_8);
    }

    /** A group's members and their raw pairs (key, entry), in stored order; {@code null} if the group is {@code None}. */
    static Map<String, byte[]> decodeGroup(MemcachedItem item, String key) {
        byte[] v = msgpack(item, key);
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(v)) {
            if (u.getNextFormat() == MessageFormat.NIL) {
                return null;
            }
            int n = u.unpackMapHeader();
            Map<String, byte[]> members = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                int start = (int) u.getTotalReadBytes();
                String member = unpackText(u);
                u.skipValue();
                members.put(member, java.util.Arrays.copyOfRange(v, start, (int) u.getTotalReadBytes()));
            }
            return members;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode group value at memcached key " + key + ": " + e, e);
        }
    }

    static byte[] encodeGroup(Map<String, byte[]> members) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(members.size());
            for (byte[] pair : members.values()) {
                p.addPayload(pair);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new member pair: {@code bin M: {bin "capabilities": caps}}, the capabilities embedded as an object. */
    static byte[] memberPair(String memberId, byte[] capabilities) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            packBin(p, memberId.getBytes(StandardCharsets.UTF_8));
            packEntry(p, capabilities);
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same member with new capabilities, its key kept as it was written. */
    static byte[] withCapabilities(byte[] pair, byte[] capabilities) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(pair);
                MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            u.skipValue();
            p.addPayload(pair, 0, (int) u.getTotalReadBytes());
            packEntry(p, capabilities);
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void packEntry(MessageBufferPacker p, byte[] capabilities) throws IOException {
        p.packMapHeader(1);
        packBin(p, CAPABILITIES);
        p.addPayload(capabilities);
    }

    /** The capabilities (raw MessagePack) of a member pair; nil if its entry has none. */
    static byte[] capabilities(byte[] pair, String groupId, String memberId) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(pair)) {
            u.skipValue();
            if (u.getNextFormat().getValueType() == ValueType.MAP) {
                int n = u.unpackMapHeader();
                for (int i = 0; i < n; i++) {
                    String field = unpackText(u);
                    byte[] value = nextRaw(u, pair);
                    if (field.equals("capabilities")) {
                        return value;
                    }
                }
            }
            return NIL.clone();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode member " + memberId + " of group " + groupId + ": " + e, e);
        }
    }

    /** The group list: each id as text, with its raw MessagePack (bin or str, as its writer chose). */
    static Map<String, byte[]> decodeList(MemcachedItem item, String key) {
        byte[] v = msgpack(item, key);
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(v)) {
            if (u.getNextFormat() == MessageFormat.NIL) {
                return out;
            }
            int n = u.unpackArrayHeader();
            for (int i = 0; i < n; i++) {
                int start = (int) u.getTotalReadBytes();
                String id = unpackText(u);
                out.put(id, java.util.Arrays.copyOfRange(v, start, (int) u.getTotalReadBytes()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode the group list at memcached key " + key + ": " + e, e);
        }
    }

    /**
     * One id of the group list, typed as the ids already there (Python stores them as its caller passed them: bytes,
     * tooz's documented type, or str), bin if there are none; Python removes ids by equality and returns them as
     * stored, so the type matters: a str id in a bytes caller's list cannot be deleted by it ({@code KeyError}).
     */
    static byte[] listEntry(String groupId, Map<String, byte[]> existing) {
        boolean bin = existing.isEmpty()
                || MessageFormat.valueOf(existing.values().iterator().next()[0]).getValueType() == ValueType.BINARY;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            if (bin) {
                packBin(p, groupId.getBytes(StandardCharsets.UTF_8));
            } else {
                p.packString(groupId);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The group list from raw entries, each kept as it was written. */
    static byte[] encodeList(Collection<byte[]> entries) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(entries.size());
            for (byte[] e : entries) {
                p.addPayload(e);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] msgpack(MemcachedItem item, String key) {
        if (item.flags() != MSGPACK) {
            throw unknownFormat(item, key);
        }
        return item.value();
    }

    private static SerializationException unknownFormat(MemcachedItem item, String key) {
        return new SerializationException("Unknown serialization format '" + item.flags() + "' at memcached key " + key
                + " (Python tooz writes flags 1 for bytes, 2 for MessagePack)");
    }

    private static String unpackText(MessageUnpacker u) throws IOException {
        if (u.getNextFormat().getValueType() == ValueType.BINARY) {
            return new String(u.readPayload(u.unpackBinaryHeader()), StandardCharsets.UTF_8);
        }
        return u.unpackString();
    }

    private static byte[] nextRaw(MessageUnpacker u, byte[] source) throws IOException {
        int start = (int) u.getTotalReadBytes();
        u.skipValue();
        int end = (int) u.getTotalReadBytes();
        return java.util.Arrays.copyOfRange(source, start, end);
    }

    private static void packBin(MessageBufferPacker p, byte[] bytes) throws IOException {
        p.packBinaryHeader(bytes.length);
        p.addPayload(bytes);
    }
}
