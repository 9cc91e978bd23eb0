package io.tooz;

import io.tooz.internal.MsgPackCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A MessagePack extension value that {@link Capabilities} does not map to a Java type: its type code and its payload,
 * kept byte for byte, so capabilities holding one are written back exactly as they were read. Python's {@code
 * msgpack.ExtType(code, data)}; oslo.serialization's own codes (for example ext 2, {@code itertools.count}, and ext
 * 3, {@code netaddr.IPAddress}) arrive as this type too.
 *
 * <p>Immutable: the payload is copied in and out. Two extensions are equal when their codes and payloads are.
 *
 * <p>The codes {@code Capabilities} reads as Java types cannot be made here, since they would not read back as this
 * type: 0 ({@link java.util.UUID}), 1 and 6 ({@link java.time.LocalDateTime}), 4 and 5 ({@link java.util.Set}) and 7
 * ({@link java.time.LocalDate}); use those types instead.
 */
public final class MsgPackExtension {
    private final int type;
    private final byte[] data;

    /**
     * An extension value.
     *
     * @param type the extension type code, -128 to 127 (negative codes are reserved by the MessagePack spec, -1 for
     *     timestamps; they are kept as read)
     * @param data the payload, copied
     * @throws IllegalArgumentException if the code is out of range or one that reads back as a Java type
     */
    public MsgPackExtension(int type, byte[] data) {
        if (type < Byte.MIN_VALUE || type > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("a MessagePack extension type is -128 to 127, got " + type);
        }
        String javaType = MsgPackCodec.javaTypeOfExtension(type);
        if (javaType != null) {
            throw new IllegalArgumentException("MessagePack extension type " + type + " is oslo.serialization's "
                    + javaType + "; put a " + javaType + " in the capabilities instead");
        }
        this.type = type;
        this.data = data.clone();
    }

    /** The extension type code, -128 to 127. */
    public int type() {
        return type;
    }

    /** A copy of the payload. */
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MsgPackExtension x && x.type == type && Arrays.equals(x.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    /** As Python prints it: {@code ExtType(code=42, data=b'\x01ab')}. */
    @Override
    public String toString() {
        return "ExtType(code=" + type + ", data=" + MsgPackCodec.describe(ByteBuffer.wrap(data)) + ")";
    }
}
