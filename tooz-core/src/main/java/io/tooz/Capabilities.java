package io.tooz;

import io.tooz.internal.MsgPackCodec;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A member's capabilities: any MessagePack-representable value, stored byte-for-byte as Python tooz stores it, so
 * Java and Python members read each other's capabilities.
 *
 * <p>The value is a tree of: {@code null}, {@link Boolean}, {@link Long} (every integer; {@link java.math.BigInteger}
 * above {@code Long.MAX_VALUE}), {@link Double}, {@link String} (msgpack str), {@link ByteBuffer} (msgpack bin, kept
 * distinct from strings and compared by content), {@link java.util.List}, {@link Map} with {@code String} or {@code
 * ByteBuffer} keys, {@link java.util.Set} (oslo ext 4), {@link java.util.UUID} (ext 0), {@link
 * java.time.LocalDateTime} (ext 1), {@link java.time.LocalDate} (ext 7) and {@link MsgPackExtension} (any other
 * extension type, kept byte for byte). Inputs may also use {@code byte[]},
 * {@code Integer}, {@code Short}, {@code Byte}, {@code Float} and arrays of those; they are normalised.
 *
 * <p>Python partitioners read the {@code "weight"} key of a map, so members of a partitioned group should publish a
 * map: {@code Capabilities.of(Map.of("weight", 2))}.
 */
public final class Capabilities {
    private static final Capabilities NONE = new Capabilities(null);

    private final @Nullable Object value;

    private Capabilities(@Nullable Object value) {
        this.value = value;
    }

    /** No capabilities: msgpack {@code nil}, Python {@code None} (tooz 9 default). */
    public static Capabilities none() {
        return NONE;
    }

    /**
     * Capabilities holding any supported value; {@code null} gives {@link #none()}.
     *
     * @throws SerializationException naming the offending type if the value cannot be represented
     */
    public static Capabilities of(@Nullable Object value) {
        return value == null ? NONE : new Capabilities(MsgPackCodec.normalize(value));
    }

    /** Capabilities holding a map with string keys, the usual shape. */
    public static Capabilities of(Map<String, ?> map) {
        return of((Object) map);
    }

    /** Decodes capabilities from the MessagePack bytes a backend stored. */
    public static Capabilities decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        Object v = MsgPackCodec.decode(bytes);
        return v == null ? NONE : new Capabilities(v);
    }

    /** Encodes to MessagePack exactly as Python tooz ({@code oslo_serialization.msgpackutils}) does. */
    public byte[] encode() {
        return MsgPackCodec.encode(value);
    }

    /** The value tree, unmodifiable; {@code null} for {@link #none()}. */
    public @Nullable Object value() {
        return value;
    }

    /** Whether the value is a map. */
    public boolean isMap() {
        return value instanceof Map;
    }

    /** The value as a map with string keys (bytes keys decoded as UTF-8); empty if the value is not a map. */
    public Map<String, Object> asMap() {
        if (!(value instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(keyString(k), v));
        return Collections.unmodifiableMap(out);
    }

    /** The map entry under {@code key}, if the value is a map holding it. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(asMap().get(key));
    }

    /** A string entry of the map. */
    public Optional<String> getString(String key) {
        return get(key).filter(String.class::isInstance).map(String.class::cast);
    }

    /** An integer entry of the map. */
    public Optional<Long> getLong(String key) {
        return get(key).filter(Long.class::isInstance).map(Long.class::cast);
    }

    /** A number entry of the map, as a double. */
    public Optional<Double> getDouble(String key) {
        return get(key).filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue());
    }

    /** A boolean entry of the map. */
    public Optional<Boolean> getBoolean(String key) {
        return get(key).filter(Boolean.class::isInstance).map(Boolean.class::cast);
    }

    /** A bytes entry of the map, copied. */
    public Optional<byte[]> getBytes(String key) {
        return get(key).filter(ByteBuffer.class::isInstance).map(b -> {
            ByteBuffer buf = ((ByteBuffer) b).duplicate();
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        });
    }

    private static String keyString(Object k) {
        if (k instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(k);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Capabilities c && Objects.equals(value, c.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return MsgPackCodec.describe(value);
    }
}
